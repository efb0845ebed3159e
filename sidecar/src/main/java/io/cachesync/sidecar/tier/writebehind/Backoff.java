package io.cachesync.sidecar.tier.writebehind;

import java.time.Duration;

/**
 * Exponential backoff: each delay doubles the previous one, up to a cap, until reset. Retrying the
 * same batch quickly at first and then slowly keeps a store that is briefly down from waiting long,
 * and one that is down for good from being hammered.
 */
final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private long nextNanos;

  Backoff(Duration initial, Duration max) {
    this.maxNanos = Math.max(1, max.toNanos());
    this.initialNanos = Math.min(Math.max(1, initial.toNanos()), maxNanos);
    this.nextNanos = initialNanos;
  }

  /** The delay to wait now; the one after it is twice as long, up to the cap. */
  Duration next() {
    long delay = nextNanos;
    nextNanos = delay > maxNanos / 2 ? maxNanos : delay * 2;
    return Duration.ofNanos(delay);
  }

  void reset() {
    nextNanos = initialNanos;
  }
}
