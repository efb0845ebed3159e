package io.cachesync.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client calls its sidecar, settled once by {@link CacheSyncClient.Builder}.
 *
 * @param deadline per call (per attempt for retried reads)
 * @param readAttempts how often a read (Get, GetMany) is tried on UNAVAILABLE; writes once
 * @param readBackoff the pause before the second attempt, growing linearly after that
 * @param watchBackoffMin the first pause before the Watch stream is opened again
 * @param watchBackoffMax the longest pause between attempts to open it again
 * @param l0 the in-process L0
 * @param session whether reads (Get, GetMany) share one Session stream instead of a call each; a
 *     sidecar without Session is read unary whatever this says
 */
public record ClientConfig(
    Duration deadline,
    int readAttempts,
    Duration readBackoff,
    Duration watchBackoffMin,
    Duration watchBackoffMax,
    L0Config l0,
    boolean session) {
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);
  public static final int DEFAULT_READ_ATTEMPTS = 3;
  public static final Duration DEFAULT_READ_BACKOFF = Duration.ofMillis(50);
  public static final Duration DEFAULT_WATCH_BACKOFF_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_WATCH_BACKOFF_MAX = Duration.ofSeconds(5);

  public ClientConfig {
    deadline = positive("deadline", deadline, DEFAULT_DEADLINE);
    if (readAttempts < 1)
      throw new IllegalArgumentException("readAttempts " + readAttempts + " < 1");
    readBackoff = Objects.requireNonNullElse(readBackoff, DEFAULT_READ_BACKOFF);
    if (readBackoff.isNegative()) throw new IllegalArgumentException("readBackoff " + readBackoff);
    watchBackoffMin = positive("watchBackoffMin", watchBackoffMin, DEFAULT_WATCH_BACKOFF_MIN);
    watchBackoffMax = positive("watchBackoffMax", watchBackoffMax, DEFAULT_WATCH_BACKOFF_MAX);
    if (watchBackoffMax.compareTo(watchBackoffMin) < 0) {
      throw new IllegalArgumentException(
          "watchBackoffMax " + watchBackoffMax + " < watchBackoffMin " + watchBackoffMin);
    }
    l0 = Objects.requireNonNullElse(l0, L0Config.off());
  }

  public static ClientConfig defaults() {
    return new ClientConfig(null, DEFAULT_READ_ATTEMPTS, null, null, null, null, true);
  }

  private static Duration positive(String name, Duration d, Duration fallback) {
    if (d == null) return fallback;
    if (d.isNegative() || d.isZero())
      throw new IllegalArgumentException(name + " " + d + " must be positive");
    return d;
  }
}
