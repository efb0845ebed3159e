package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * How a WriteBehind cache flushes its stream to the store of record: a batch leaves after {@code
 * flushInterval} or at {@code maxBatch} entries, whichever comes first; entries a dead consumer
 * held longer than {@code claimIdle} are taken over.
 */
public record WriteBehindConfig(
    Duration flushInterval, int maxBatch, Duration claimIdle, Duration maxBackoff) {

  public WriteBehindConfig {
    flushInterval = flushInterval == null ? Duration.ofMillis(100) : flushInterval;
    maxBatch = maxBatch == 0 ? 500 : maxBatch;
    claimIdle = claimIdle == null ? Duration.ofSeconds(30) : claimIdle;
    maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
    if (maxBatch < 0)
      throw new ConfigException("writeBehind.maxBatch: must be positive, got " + maxBatch);
    if (flushInterval.isZero() || flushInterval.isNegative()) {
      throw new ConfigException("writeBehind.flushInterval: must be positive");
    }
  }

  public static WriteBehindConfig defaults() {
    return new WriteBehindConfig(null, 0, null, null);
  }
}
