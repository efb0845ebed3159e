package io.cachesync.sidecar.tier.writebehind;

import java.util.concurrent.atomic.LongAdder;

/** What a write-behind flusher counts, read by the metrics endpoint and Stats. */
public final class WriteBehindCounters {
  final LongAdder entriesFlushed = new LongAdder();
  final LongAdder batchesFlushed = new LongAdder();
  final LongAdder storeFailures = new LongAdder();
  final LongAdder entriesClaimed = new LongAdder();
  final LongAdder keysDeferred = new LongAdder();
  volatile long lastFlushLagMillis;
  volatile long queueDepth;

  /** Stream entries stored and acknowledged, counting those coalesced into a later write. */
  public long entriesFlushed() {
    return entriesFlushed.sum();
  }

  /** Batches the store accepted and the stream acknowledged. */
  public long batchesFlushed() {
    return batchesFlushed.sum();
  }

  /** Store calls that failed or timed out (each retry counts). */
  public long storeFailures() {
    return storeFailures.sum();
  }

  /** Entries taken over from consumers that held them longer than {@code claimIdle}. */
  /** Keys whose store waited because another sidecar was storing the same key. */
  public long keysDeferred() {
    return keysDeferred.sum();
  }

  public long entriesClaimed() {
    return entriesClaimed.sum();
  }

  /** For the last batch flushed: milliseconds from its oldest entry's append to its ack. */
  public long lastFlushLagMillis() {
    return lastFlushLagMillis;
  }

  /**
   * Writes in the stream not yet in the store (pending in the group or not yet delivered), as of
   * the flusher's last look, at most about a second old.
   */
  public long queueDepth() {
    return queueDepth;
  }
}
