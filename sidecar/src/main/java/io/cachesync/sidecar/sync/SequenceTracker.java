package io.cachesync.sidecar.sync;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The last sequence number seen from each origin. Not thread-safe: the subscriber's single I/O
 * thread owns it. An origin first seen mid-stream is taken as it is (we were not listening before);
 * after that, any jump is a loss.
 */
final class SequenceTracker {
  enum Verdict {
    IN_ORDER,
    DUPLICATE,
    GAP
  }

  private static final class Seen {
    long sequence;
    long lastHeardNanos;

    Seen(long sequence, long now) {
      this.sequence = sequence;
      this.lastHeardNanos = now;
    }
  }

  private final Map<String, Seen> origins = new HashMap<>();

  Verdict batch(String origin, long sequence, long nowNanos) {
    Seen seen = origins.get(origin);
    if (seen == null) {
      origins.put(origin, new Seen(sequence, nowNanos));
      return Verdict.IN_ORDER;
    }
    seen.lastHeardNanos = nowNanos;
    if (sequence <= seen.sequence) return Verdict.DUPLICATE;
    boolean gap = sequence != seen.sequence + 1;
    seen.sequence = sequence;
    return gap ? Verdict.GAP : Verdict.IN_ORDER;
  }

  Verdict heartbeat(String origin, long lastSequence, long nowNanos) {
    Seen seen = origins.get(origin);
    if (seen == null) {
      origins.put(origin, new Seen(lastSequence, nowNanos));
      return Verdict.IN_ORDER;
    }
    seen.lastHeardNanos = nowNanos;
    if (lastSequence > seen.sequence) {
      seen.sequence = lastSequence;
      return Verdict.GAP;
    }
    return Verdict.IN_ORDER;
  }

  /** Forgets origins silent since {@code cutoffNanos} (stopped pods), keeping the map bounded. */
  void forgetSilentSince(long cutoffNanos) {
    for (Iterator<Seen> it = origins.values().iterator(); it.hasNext(); ) {
      if (it.next().lastHeardNanos - cutoffNanos < 0) it.remove();
    }
  }

  /** After a repair nothing before it matters: every origin is new again. */
  void reset() {
    origins.clear();
  }

  int size() {
    return origins.size();
  }
}
