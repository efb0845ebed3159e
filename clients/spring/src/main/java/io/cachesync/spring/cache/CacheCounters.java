package io.cachesync.spring.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one Spring cache did, counted without a metrics library so that the starter runs without
 * Micrometer; the auto-configuration exposes them as meters when Micrometer is present.
 */
public final class CacheCounters {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder puts = new LongAdder();
  final LongAdder evictions = new LongAdder();
  final LongAdder clears = new LongAdder();
  final LongAdder errors = new LongAdder();

  /** Lookups ({@code get(key)}) answered with a value, and those that found none. */
  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  /** Calls of the application's loader (the cached method) after a miss. */
  public long loads() {
    return loads.sum();
  }

  /** Writes ({@code put}, {@code @CachePut}). */
  public long puts() {
    return puts.sum();
  }

  public long evictions() {
    return evictions.sum();
  }

  public long clears() {
    return clears.sum();
  }

  /** Calls that failed at the sidecar (its status in the exception). */
  public long errors() {
    return errors.sum();
  }
}
