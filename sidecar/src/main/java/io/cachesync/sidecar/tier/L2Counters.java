package io.cachesync.sidecar.tier;

import java.util.concurrent.atomic.LongAdder;

/**
 * What went wrong with one cache's L2, kept across the tiers a config reload builds for it: reads
 * that became misses, and changes (writes, deletes, fills, clears) that Redis did not take.
 */
public final class L2Counters {
  final LongAdder readFailures = new LongAdder();
  final LongAdder writeFailures = new LongAdder();

  public long readFailures() {
    return readFailures.sum();
  }

  public long writeFailures() {
    return writeFailures.sum();
  }
}
