package io.cachesync.bench.family;

import java.util.Arrays;
import java.util.Locale;

/**
 * The Redis deployment a fan-out or propagation figure runs on: one standalone server, or the
 * 3-shard cluster (3 masters + 3 replicas, sharded Pub/Sub: SSUBSCRIBE/SPUBLISH). The cluster's
 * families carry a prefix ({@code cluster-fanout}) and its figures an infix after the first word
 * ({@code fanout_cluster_keys_per_s_4}), so the standalone names stay as they are.
 */
public enum Topology {
  STANDALONE("", ""),
  CLUSTER("cluster-", "cluster");

  private final String familyPrefix;
  private final String figureInfix;

  Topology(String familyPrefix, String figureInfix) {
    this.familyPrefix = familyPrefix;
    this.figureInfix = figureInfix;
  }

  /** As {@code --topology} spells it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the option for anything else
   */
  public static Topology parse(String text) {
    for (Topology t : values()) if (t.label().equalsIgnoreCase(text.trim())) return t;
    throw new IllegalArgumentException(
        "--topology "
            + text
            + ": "
            + String.join(" or ", Arrays.stream(values()).map(Topology::label).toList()));
  }

  String family(String name) {
    return familyPrefix + name;
  }

  String figure(String name) {
    return figureInfix.isEmpty() ? name : name.replaceFirst("_", "_" + figureInfix + "_");
  }
}
