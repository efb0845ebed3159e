package io.cachesync.sidecar.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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

  /**
   * An origin's orderly goodbye: the same check as a heartbeat (a last batch that never came is a
   * gap), after which the origin is forgotten.
   */
  Verdict goodbye(String origin, long lastSequence, long nowNanos) {
    Verdict v = heartbeat(origin, lastSequence, nowNanos);
    origins.remove(origin);
    return v;
  }

  /**
   * Forgets the origins silent since {@code cutoffNanos} and returns them: pods that stopped
   * without a goodbye (killed, or cut off from Redis), keeping the map bounded.
   */
  List<String> forgetSilentSince(long cutoffNanos) {
    List<String> silent = new ArrayList<>();
    for (Iterator<Map.Entry<String, Seen>> it = origins.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Seen> e = it.next();
      if (e.getValue().lastHeardNanos - cutoffNanos < 0) {
        silent.add(e.getKey());
        it.remove();
      }
    }
    return silent;
  }

  /** Every known origin counts as heard at {@code nowNanos}. */
  void heardAll(long nowNanos) {
    for (Seen seen : origins.values()) seen.lastHeardNanos = nowNanos;
  }

  /** After a repair nothing before it matters: every origin is new again. */
  void reset() {
    origins.clear();
  }

  int size() {
    return origins.size();
  }
}
