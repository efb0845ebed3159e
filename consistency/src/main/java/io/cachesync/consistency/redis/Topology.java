package io.cachesync.consistency.redis;

import io.cachesync.consistency.faults.FaultKind;
import java.util.Arrays;

/**
 * The Redis deployment a run's sidecars talk to, by the names of the sidecar's {@code redis.mode}:
 * one server, a master and a replica watched by three sentinels, or 3 masters + 3 replicas of a
 * cluster. Each says which fault kinds make sense on it.
 */
public enum Topology {
  STANDALONE("Standalone"),
  SENTINEL("Sentinel"),
  CLUSTER("Cluster");

  private final String mode;

  Topology(String mode) {
    this.mode = mode;
  }

  /** As the sidecar's {@code redis.mode} spells it. */
  public String mode() {
    return mode;
  }

  /**
   * Why {@code kind} cannot be injected on this topology, or null when it can: a restart of "the"
   * server needs a single one, a failover needs a replica to promote.
   */
  public String whyNot(FaultKind kind) {
    return switch (kind) {
      case FAILOVER -> this == STANDALONE ? "one server has no replica to promote" : null;
      case REDIS_RESTART ->
          this == STANDALONE
              ? null
              : "it restarts a single server; here the master's death is the failover fault";
      default -> null;
    };
  }

  /** {@code Standalone}, {@code sentinel}, {@code CLUSTER}... */
  public static Topology parse(String text) {
    for (Topology t : values()) if (t.mode.equalsIgnoreCase(text.trim())) return t;
    throw new IllegalArgumentException(
        "--topology "
            + text
            + ": "
            + String.join("|", Arrays.stream(values()).map(Topology::mode).toList()));
  }
}
