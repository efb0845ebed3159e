package io.cachesync.sidecar.sync;

import java.util.concurrent.atomic.LongAdder;

/** What the bus counts, read by the metrics endpoint and Stats. */
public final class BusCounters {
  final LongAdder framesPublished = new LongAdder();
  final LongAdder framesReceived = new LongAdder();
  final LongAdder keysPublished = new LongAdder();
  final LongAdder gaps = new LongAdder();
  final LongAdder repairs = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder publishFailures = new LongAdder();
  final LongAdder overflows = new LongAdder();
  final LongAdder silentPeers = new LongAdder();
  final LongAdder resumes = new LongAdder();
  final LongAdder forged = new LongAdder();
  final LongAdder oversized = new LongAdder();
  final LongAdder sequenceJumps = new LongAdder();
  final LongAdder keyChanges = new LongAdder();
  final LongAdder serverChanges = new LongAdder();

  public long framesPublished() {
    return framesPublished.sum();
  }

  public long framesReceived() {
    return framesReceived.sum();
  }

  public long keysPublished() {
    return keysPublished.sum();
  }

  public long gaps() {
    return gaps.sum();
  }

  public long repairs() {
    return repairs.sum();
  }

  public long malformed() {
    return malformed.sum();
  }

  public long duplicates() {
    return duplicates.sum();
  }

  public long publishFailures() {
    return publishFailures.sum();
  }

  public long overflows() {
    return overflows.sum();
  }

  /** With delivery Stream: returns after an outage that read on where they stopped, no repair. */
  public long resumes() {
    return resumes.sum();
  }

  /** Frames dropped because their MAC was missing or wrong (only with {@code sync.keyFile}). */
  public long forged() {
    return forged.sum();
  }

  /** Messages over {@code sync.maxFrameBytes}, dropped before decoding. */
  public long oversized() {
    return oversized.sum();
  }

  /** Sequence jumps past the plausible bound: repaired, never taken as the origin's new number. */
  public long sequenceJumps() {
    return sequenceJumps.sum();
  }

  /** Peers that fell silent without a goodbye, each a repair. */
  public long silentPeers() {
    return silentPeers.sum();
  }

  /**
   * Times the bus's connections came back on another Redis server than before: with Sentinel, a
   * failover (each one also a repair of the subscription).
   */
  public long serverChanges() {
    return serverChanges.sum();
  }

  /** New keys taken from a changed {@code sync.keyFile} while running. */
  public long keyChanges() {
    return keyChanges.sum();
  }
}
