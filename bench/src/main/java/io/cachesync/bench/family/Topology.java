package io.cachesync.bench.family;

/**
 * The Redis deployment a fan-out figure runs on. Only one standalone server so far; the 3-shard
 * cluster (sharded Pub/Sub) joins as a second constant whose figures carry a prefix, so the
 * standalone names stay as they are.
 */
public enum Topology {
  STANDALONE("", "");

  private final String familyPrefix;
  private final String figurePrefix;

  Topology(String familyPrefix, String figurePrefix) {
    this.familyPrefix = familyPrefix;
    this.figurePrefix = figurePrefix;
  }

  String family(String name) {
    return familyPrefix + name;
  }

  String figure(String name) {
    return figurePrefix + name;
  }
}
