package io.cachesync.client;

import java.time.Duration;

/**
 * The in-process L0: off unless asked for. Bounded by entries or by bytes (the encoded value plus
 * the key), one of the two: Caffeine bounds a cache by one measure.
 *
 * @param enabled whether values are kept in the application's heap
 * @param maxEntries the most entries, or 0 when bounded by bytes
 * @param maxBytes the most encoded bytes, or 0 when bounded by entries
 * @param ttl how long an entry may stay at most: the last safety net, as in the sidecar
 */
public record L0Config(boolean enabled, long maxEntries, long maxBytes, Duration ttl) {
  public static final long DEFAULT_MAX_ENTRIES = 10_000;
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  public L0Config {
    if (maxEntries < 0) throw new IllegalArgumentException("l0 maxEntries " + maxEntries + " < 0");
    if (maxBytes < 0) throw new IllegalArgumentException("l0 maxBytes " + maxBytes + " < 0");
    if (maxEntries > 0 && maxBytes > 0) {
      throw new IllegalArgumentException(
          "l0: give maxEntries or maxBytes, not both (Caffeine bounds a cache by one measure)");
    }
    if (enabled && maxEntries == 0 && maxBytes == 0) maxEntries = DEFAULT_MAX_ENTRIES;
    ttl = ttl == null ? DEFAULT_TTL : ttl;
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("l0 ttl " + ttl + " must be positive");
    }
  }

  /** No L0: every read asks the sidecar. */
  public static L0Config off() {
    return new L0Config(false, 0, 0, null);
  }

  /** An L0 of at most {@code maxEntries} entries. */
  public static L0Config entries(long maxEntries) {
    return new L0Config(true, maxEntries, 0, null);
  }

  /** An L0 of at most {@code maxBytes} encoded bytes. */
  public static L0Config bytes(long maxBytes) {
    return new L0Config(true, 0, maxBytes, null);
  }

  public L0Config withTtl(Duration ttl) {
    return new L0Config(enabled, maxEntries, maxBytes, ttl);
  }
}
