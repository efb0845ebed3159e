package io.cachesync.bench.family;

import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import java.io.IOException;

/**
 * The bus a propagation or invalidation figure runs over: the default pods (Pub/Sub, unsigned), the
 * pods whose bus has {@code delivery: Stream}, or the pods that sign every frame ({@code keyFile}),
 * each set its own; the variants' family and figure names carry a prefix.
 */
public enum Bus {
  PUB_SUB("", "", "PubSub", false),
  STREAM("stream-", "stream_", "Stream", false),
  SIGNED("signed-", "signed_", "PubSub", true);

  private final String familyPrefix;
  private final String figurePrefix;
  private final String delivery;
  private final boolean signed;

  Bus(String familyPrefix, String figurePrefix, String delivery, boolean signed) {
    this.familyPrefix = familyPrefix;
    this.figurePrefix = figurePrefix;
    this.delivery = delivery;
    this.signed = signed;
  }

  /** The value of {@code sync.delivery}. */
  public String delivery() {
    return delivery;
  }

  /** Whether the pods have a {@code sync.keyFile}, so every frame carries an HMAC. */
  public boolean signed() {
    return signed;
  }

  /** What tells this set apart in pod and channel names ("" for the default set). */
  public String tag() {
    return familyPrefix;
  }

  /** The default bus measures its raw Pub/Sub baseline too; the variants compare with it. */
  boolean isDefault() {
    return this == PUB_SUB;
  }

  Pods pods(Rig rig) throws IOException {
    return rig.pods(this);
  }

  String family(String name) {
    return familyPrefix + name;
  }

  String figure(String name) {
    return figurePrefix + name;
  }
}
