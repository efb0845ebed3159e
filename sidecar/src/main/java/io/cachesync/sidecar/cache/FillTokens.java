package io.cachesync.sidecar.cache;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Fill tokens for one cache (DESIGN.md, "Fill tokens"). A token is a 48-bit stamp and a 16-bit
 * check keyed by a per-process secret, so a token from elsewhere is rejected as malformed rather
 * than misread. A fill whose token is older than the last invalidation of its key, than the last
 * clear, or than the window, is refused.
 *
 * <p>The last invalidation is remembered per slot of a fixed array indexed by the key's hash, not
 * per key: two keys in one slot share the newer stamp, so a collision can only refuse a fill (a
 * miss stays a miss), never let a stale one in. The array costs no allocation and no eviction work
 * per invalidation, which is what bounded invalidations per second with a map of stamps
 * (docs/BENCHMARKS.md), and its memory is fixed however many keys change.
 */
final class FillTokens {
  private static final long STAMP_MASK = (1L << 48) - 1;

  private final StampClock clock = new StampClock();
  private final long secret;
  private final long windowMicros;
  private final AtomicLongArray invalidatedAt;
  private final int slotMask;
  private volatile long clearedAt;

  /**
   * @param slots how many stamps to keep, rounded up to a power of two: a fill is refused wrongly
   *     only when another key of its slot changed while it loaded
   */
  FillTokens(String cacheName, Duration window, int slots) {
    if (slots < 1 || slots > 1 << 24) {
      throw new IllegalArgumentException("slots must be in 1.." + (1 << 24) + ": " + slots);
    }
    int size = slots == 1 ? 1 : Integer.highestOneBit(slots - 1) << 1;
    this.secret = new SecureRandom().nextLong() ^ cacheName.hashCode();
    this.windowMicros = window.toNanos() / 1_000;
    this.invalidatedAt = new AtomicLongArray(size);
    this.slotMask = size - 1;
  }

  long issue() {
    long stamp = clock.read() & STAMP_MASK;
    return (stamp << 16) | check(stamp);
  }

  /**
   * The token's stamp. @throws InvalidFillTokenException when this cache did not issue it: a forged
   * or foreign token, or one whose stamp lies ahead of every stamp issued so far (it would pass
   * every check until the clock reached it)
   */
  long stampOf(long token) {
    long stamp = token >>> 16;
    if (stamp == 0 || (token & 0xFFFF) != check(stamp) || stamp > clock.read()) {
      throw new InvalidFillTokenException(
          "fill_token "
              + Long.toUnsignedString(token)
              + " was not issued by this sidecar for this cache: pass back"
              + " the fill_token of this cache's Get miss, or 0 for a write (tokens do not survive a sidecar restart)");
    }
    return stamp;
  }

  /** Whether a fill issued at {@code stamp} may still install {@code key}. */
  boolean mayFill(String key, long stamp) {
    if (stamp <= clearedAt) return false;
    if (clock.now() - stamp > windowMicros) return false;
    return invalidatedAt.get(slot(key)) < stamp;
  }

  boolean clearedSince(long stamp) {
    return stamp <= clearedAt;
  }

  /** Records that {@code key} changed now; call under the key's lock in L1. */
  void invalidated(String key) {
    long stamp = clock.advance();
    // Another key of the slot may store concurrently: keep the newer stamp.
    invalidatedAt.accumulateAndGet(slot(key), stamp, Math::max);
  }

  void cleared() {
    clearedAt = clock.advance();
  }

  /** How many slots the stamps take (a power of two). */
  int slots() {
    return slotMask + 1;
  }

  private int slot(String key) {
    // String hashes of similar keys differ in few bits: multiply by the golden ratio and fold the
    // high half down, so that neighbouring keys spread over the slots
    int h = key.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & slotMask;
  }

  long check(long stamp) {
    long z = (stamp ^ secret) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    long c = (z ^ (z >>> 29)) & 0xFFFF;
    return c == 0 ? 1 : c; // keep every valid token non-zero
  }
}
