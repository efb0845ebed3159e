package io.cachesync.consistency.faults;

import java.util.Arrays;

/** The faults a run can inject, by the names the command line uses. */
public enum FaultKind {
  SIDECAR_PAUSE("sidecar-pause", "SIGSTOP a sidecar, SIGCONT it later"),
  SIDECAR_KILL("sidecar-kill", "SIGKILL a sidecar, start it again later"),
  PUBSUB_KILL("pubsub-kill", "CLIENT KILL TYPE pubsub: every subscriber loses its subscription"),
  OUTPUT_BUFFER_CUT(
      "output-buffer-cut",
      "a paused sidecar cut by Redis's client-output-buffer-limit pubsub under a burst"),
  REDIS_RESTART("redis-restart", "SIGKILL redis-server (no persistence), start it again later"),
  FAILOVER(
      "failover",
      "SIGKILL the master that holds the sync channel (Stream: its stream), the replica promoted"
          + " (Sentinel, Cluster; once per run)"),
  SLOW_LOADER("slow-loader", "the CacheLoader answers 0.3 to 1.5 s late"),
  FAILING_LOADER("failing-loader", "the CacheLoader answers UNAVAILABLE"),
  HANGING_LOADER(
      "hanging-loader", "the CacheLoader answers nothing (the sidecar's deadline ends it)"),
  CONFIG_RELOAD(
      "config-reload",
      "every sidecar's config file edited (bounds, ttl, loader timeout), then edited back");

  private final String label;
  private final String what;

  FaultKind(String label, String what) {
    this.label = label;
    this.what = what;
  }

  public String label() {
    return label;
  }

  public String what() {
    return what;
  }

  public static FaultKind parse(String text) {
    for (FaultKind k : values()) if (k.label.equals(text.trim())) return k;
    throw new IllegalArgumentException(
        "unknown fault '"
            + text
            + "': "
            + String.join(", ", Arrays.stream(values()).map(FaultKind::label).toList()));
  }
}
