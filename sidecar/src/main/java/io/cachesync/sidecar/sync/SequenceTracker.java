package io.cachesync.sidecar.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last sequence number seen from each origin. Not thread-safe: the subscriber's single I/O
 * thread owns it. An origin first seen mid-stream is taken as it is (we were not listening before);
 * after that, any jump is a loss. A jump past {@link #MAX_SEQUENCE_JUMP}, either way, is {@link
 * Verdict#IMPLAUSIBLE}: the origin is forgotten instead of moved there, so one forged frame with a
 * huge number cannot make the origin's real frames look like duplicates.
 */
final class SequenceTracker {
  enum Verdict {
    IN_ORDER,
    DUPLICATE,
    GAP,
    /**
     * A jump no publisher makes: a loss (repair), and the origin starts afresh with its next frame.
     */
    IMPLAUSIBLE
  }

  /**
   * A publisher sends one frame per round trip to Redis, some 10^5 a second at best, and a peer
   * silent for the silent-peer window (10 s at the default heartbeat) is forgotten anyway: 2^20 is
   * about that many frames. Going past it legitimately costs only the repair any gap causes;
   * staying under it bounds how many real frames a forged in-bound jump can hide as duplicates.
   */
  static final long MAX_SEQUENCE_JUMP = 1L << 20;

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
    long jump = sequence - seen.sequence; // both >= 0: the codec refuses negative numbers
    if (implausible(jump)) return forget(origin);
    if (jump <= 0) return Verdict.DUPLICATE;
    seen.sequence = sequence;
    return jump == 1 ? Verdict.IN_ORDER : Verdict.GAP;
  }

  Verdict heartbeat(String origin, long lastSequence, long nowNanos) {
    Seen seen = origins.get(origin);
    if (seen == null) {
      origins.put(origin, new Seen(lastSequence, nowNanos));
      return Verdict.IN_ORDER;
    }
    seen.lastHeardNanos = nowNanos;
    long jump = lastSequence - seen.sequence;
    if (implausible(jump)) return forget(origin);
    if (jump > 0) {
      seen.sequence = lastSequence;
      return Verdict.GAP;
    }
    return Verdict.IN_ORDER;
  }

  /**
   * Far back is as implausible as far ahead: a heartbeat lags its batches by the frames in flight,
   * and a resent frame is the last one. It means the number held was forged, so start afresh.
   */
  private static boolean implausible(long jump) {
    return jump > MAX_SEQUENCE_JUMP || jump < -MAX_SEQUENCE_JUMP;
  }

  private Verdict forget(String origin) {
    origins.remove(origin);
    return Verdict.IMPLAUSIBLE;
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
