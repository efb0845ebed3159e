package io.cachesync.bench.family;

import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import java.io.IOException;

/**
 * The bus a propagation or invalidation figure runs over: the default pods on Pub/Sub, or the pods
 * whose bus has {@code delivery: Stream}, whose family and figure names carry a prefix.
 */
public enum Delivery {
  PUB_SUB("", ""),
  STREAM("stream-", "stream_");

  private final String familyPrefix;
  private final String figurePrefix;

  Delivery(String familyPrefix, String figurePrefix) {
    this.familyPrefix = familyPrefix;
    this.figurePrefix = figurePrefix;
  }

  Pods pods(Rig rig) throws IOException {
    return this == STREAM ? rig.streamPods() : rig.pods();
  }

  String family(String name) {
    return familyPrefix + name;
  }

  String figure(String name) {
    return figurePrefix + name;
  }
}
