package io.cachesync.sidecar.cache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Microsecond stamps that order misses and invalidations within one cache. An invalidation takes a
 * stamp strictly above every earlier stamp; a miss only reads the clock (no CAS on the miss path).
 * So an invalidation that happens after a token was issued always carries a stamp at or above that
 * token's.
 */
final class StampClock {
  private final long originNanos = System.nanoTime();
  private final AtomicLong last = new AtomicLong(1);

  long now() {
    return (System.nanoTime() - originNanos) / 1_000 + 1;
  }

  /** A stamp for a miss: not unique, never below any invalidation already stamped. */
  long read() {
    return Math.max(now(), last.get() + 1);
  }

  /** A stamp for an invalidation: above every stamp handed out before. */
  long advance() {
    long now = now();
    while (true) {
      long prev = last.get();
      long next = Math.max(now, prev + 1);
      if (last.compareAndSet(prev, next)) return next;
    }
  }
}
