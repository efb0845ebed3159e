package io.cachesync.sidecar.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Fill tokens for one cache (DESIGN.md, "Fill tokens"). A token is a 48-bit stamp and a 16-bit
 * check keyed by a per-process secret, so a token from elsewhere is rejected as malformed rather
 * than misread. The tokens remember, for a bounded window, the stamp of the last invalidation of
 * each key; a fill whose token is older than that stamp, than the last clear, or than the window,
 * is refused.
 */
final class FillTokens {
  private static final long STAMP_MASK = (1L << 48) - 1;

  private final StampClock clock = new StampClock();
  private final long secret;
  private final long windowMicros;
  private final Cache<String, Long> invalidatedAt;
  private volatile long clearedAt;

  /**
   * Stamps below this were forgotten early (the memory bound was hit): fills older than it are
   * refused.
   */
  private volatile long forgottenBelow;

  FillTokens(String cacheName, Duration window, long maxRemembered) {
    this.secret = new SecureRandom().nextLong() ^ cacheName.hashCode();
    this.windowMicros = window.toNanos() / 1_000;
    this.invalidatedAt =
        Caffeine.newBuilder()
            .expireAfterWrite(window)
            .maximumSize(maxRemembered)
            .executor(Runnable::run)
            .<String, Long>removalListener(
                (key, stamp, cause) -> {
                  if (cause == RemovalCause.SIZE && stamp != null) forgetBelow(stamp + 1);
                })
            .build();
  }

  long issue() {
    long stamp = clock.read() & STAMP_MASK;
    return (stamp << 16) | check(stamp);
  }

  /** The token's stamp. @throws InvalidFillTokenException when this cache did not issue it */
  long stampOf(long token) {
    long stamp = token >>> 16;
    if (stamp == 0 || (token & 0xFFFF) != check(stamp)) {
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
    if (stamp <= clearedAt || stamp <= forgottenBelow) return false;
    if (clock.now() - stamp > windowMicros) return false;
    Long last = invalidatedAt.getIfPresent(key);
    return last == null || last < stamp;
  }

  boolean clearedSince(long stamp) {
    return stamp <= clearedAt;
  }

  /** Records that {@code key} changed now; call under the key's lock in L1. */
  void invalidated(String key) {
    invalidatedAt.put(key, clock.advance());
  }

  void cleared() {
    clearedAt = clock.advance();
  }

  private synchronized void forgetBelow(long stamp) {
    if (stamp > forgottenBelow) forgottenBelow = stamp;
  }

  private long check(long stamp) {
    long z = (stamp ^ secret) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    long c = (z ^ (z >>> 29)) & 0xFFFF;
    return c == 0 ? 1 : c; // keep every valid token non-zero
  }
}
