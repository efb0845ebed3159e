package io.cachesync.sidecar.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.CacheConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One named L1 cache on Caffeine. A hit is a lock-free {@code getIfPresent}; every change of a key
 * (write, invalidation, fill) runs under that key's lock in the map, so a fill can never slip in
 * after an invalidation that overtook it.
 *
 * <p>The object lives as long as its name is configured, so the bus and the strategies that hold it
 * never need to find it again; a config reload changes it in place ({@link #reconfigure}). When
 * Caffeine cannot take a new bound in place, the Caffeine instance underneath is swapped for a
 * fresh one. Every change re-reads the instance afterwards and repeats itself on the new one if it
 * was swapped meanwhile: an invalidation that landed in the old instance while a fill went into the
 * new one would otherwise leave the fill's stale value behind.
 */
public final class LocalCache {
  // 512 KiB per cache: a fill is refused wrongly only when another key of its slot changed while
  // it loaded (at 100,000 invalidations/s and a 10 ms load, 1.5 % of fills)
  static final int FILL_TOKEN_SLOTS = 1 << 16;

  /** One Caffeine instance and the counts of those it replaced, swapped as one. */
  private record Store(
      Cache<String, CachedValue> cache, ConcurrentMap<String, CachedValue> map, CacheStats past) {
    CacheStats stats() {
      return past.plus(cache.stats());
    }
  }

  private final String name;
  private final FillTokens tokens;
  private final LongAdder fillsRejected = new LongAdder();
  private final LongAdder invalidationsSent = new LongAdder();
  private final LongAdder invalidationsReceived = new LongAdder();
  private volatile CacheConfig config;
  private volatile long defaultTtlNanos;
  private volatile Store store;

  public LocalCache(CacheConfig config, Duration fillTokenWindow) {
    this.name = config.name();
    this.config = config;
    this.defaultTtlNanos = config.ttl().toNanos();
    this.tokens = new FillTokens(config.name(), fillTokenWindow, FILL_TOKEN_SLOTS);
    this.store = build(config, CacheStats.empty());
  }

  private static Store build(CacheConfig config, CacheStats past) {
    Caffeine<String, CachedValue> b =
        Caffeine.newBuilder().recordStats().executor(Runnable::run).expireAfter(new PerEntryTtl());
    if (config.maximumWeight() != null) {
      // With both bounds, each entry weighs at least budget/maxSize, so the count stays under
      // maxSize too.
      long floor =
          config.maximumSize() == null ? 0 : ceilDiv(config.maximumWeight(), config.maximumSize());
      b.maximumWeight(config.maximumWeight())
          .weigher(
              (String k, CachedValue v) ->
                  (int) Math.min(Integer.MAX_VALUE, Math.max(floor, v.weight(k))));
    } else {
      b.maximumSize(config.maximumSize());
    }
    Cache<String, CachedValue> cache = b.build();
    return new Store(cache, cache.asMap(), past);
  }

  public String name() {
    return name;
  }

  /** The config it runs with now: the one it was built with, or the last {@link #reconfigure}. */
  public CacheConfig config() {
    return config;
  }

  /** The hit path: no lock, no allocation. Null on a miss. */
  public CachedValue get(String key) {
    return store.cache().getIfPresent(key);
  }

  /** A token for the fill that should follow a miss. */
  public long issueFillToken() {
    return tokens.issue();
  }

  /**
   * Installs a value read from the store of record, unless an invalidation of the key (or a clear,
   * or a write) reached this cache since {@code token} was issued.
   *
   * @return whether the value was installed
   * @throws InvalidFillTokenException if the token was not issued by this cache
   */
  public boolean fill(String key, ByteString value, long ttlNanos, long token) {
    long stamp = tokens.stampOf(token);
    CachedValue fresh = new CachedValue(value, ttlOrDefault(ttlNanos));
    boolean installed;
    Store s;
    do {
      s = store;
      installed = fillInto(s, key, fresh, stamp);
    } while (s != store);
    if (!installed) fillsRejected.increment();
    return installed;
  }

  private boolean fillInto(Store s, String key, CachedValue fresh, long stamp) {
    boolean[] installed = {false};
    s.map()
        .compute(
            key,
            (k, current) -> {
              if (!tokens.mayFill(k, stamp)) return current;
              installed[0] = true;
              return fresh;
            });
    // A clear sweeps the map without the key's lock: re-check so a fill racing it does not survive
    // it.
    if (installed[0] && tokens.clearedSince(stamp)) {
      s.map().remove(key, fresh);
      installed[0] = false;
    }
    return installed[0];
  }

  /**
   * Installs a new value unconditionally: the data changed, and fills issued before now are
   * refused.
   */
  public void write(String key, ByteString value, long ttlNanos) {
    replace(key, new CachedValue(value, ttlOrDefault(ttlNanos)));
  }

  /** Drops the key and refuses fills issued before now. */
  public void invalidate(String key) {
    replace(key, null);
  }

  /**
   * Sets the key to {@code value} (null: drops it) under its lock, marking it changed for the fill
   * tokens; repeated when a reload swapped the store meanwhile, so the change lands in the store
   * that serves.
   */
  private void replace(String key, CachedValue value) {
    Store s;
    do {
      s = store;
      s.map()
          .compute(
              key,
              (k, current) -> {
                tokens.invalidated(k);
                return value;
              });
    } while (s != store);
  }

  public void invalidateAll(Iterable<String> keys) {
    for (String key : keys) invalidate(key);
  }

  /** Drops every entry and refuses every fill issued before now. */
  public void clear() {
    tokens.cleared();
    Store s;
    do {
      s = store;
      s.cache().invalidateAll();
    } while (s != store);
  }

  /**
   * Takes the bounds and ttl of {@code next}, a config of the same cache, keeping the entries where
   * Caffeine allows:
   *
   * <ul>
   *   <li>a cache bounded by entries alone, or by bytes alone, gets its new maximum in place, and
   *       Caffeine evicts down to it at once;
   *   <li>a switch between the two, or any change of a cache bounded by both, gets a fresh, empty
   *       Caffeine instance: the weigher is fixed when Caffeine is built, and with both bounds each
   *       entry's weight carries a floor of maximumWeight/maximumSize from when it was weighed;
   *   <li>a shorter ttl shortens the entries already cached too (none outlives the new ttl from
   *       now, those written with a ttl of their own included: expiring early is only a miss); a
   *       longer one applies to what is written from now on.
   * </ul>
   *
   * <p>Fill tokens stay valid: nothing about the data changed. Reloads call this one at a time.
   *
   * @return whether the entries were kept
   */
  public synchronized boolean reconfigure(CacheConfig next) {
    if (!next.name().equals(name)) {
      throw new IllegalArgumentException("cache " + name + " cannot take the config of " + next);
    }
    CacheConfig before = config;
    long ttlBefore = defaultTtlNanos;
    config = next;
    defaultTtlNanos = next.ttl().toNanos();
    boolean kept = true;
    if (!sameBounds(before, next)) {
      Store s = store;
      Policy.Eviction<String, CachedValue> eviction = s.cache().policy().eviction().orElseThrow();
      if (sizeOnly(before) && sizeOnly(next)) {
        eviction.setMaximum(next.maximumSize());
      } else if (weightOnly(before) && weightOnly(next)) {
        eviction.setMaximum(next.maximumWeight());
      } else {
        store = build(next, s.stats());
        kept = false;
      }
    }
    if (kept && defaultTtlNanos < ttlBefore) capTtl(store, defaultTtlNanos);
    return kept;
  }

  public void countSent(long keys) {
    invalidationsSent.add(keys);
  }

  public void countReceived(long keys) {
    invalidationsReceived.add(keys);
  }

  public CacheStatistics statistics() {
    Store s = store;
    CacheStats st = s.stats();
    return new CacheStatistics(
        name,
        st.hitCount(),
        st.missCount(),
        s.cache().estimatedSize(),
        s.cache()
            .policy()
            .eviction()
            .flatMap(e -> e.weightedSize().stream().boxed().findFirst())
            .orElse(0L),
        st.evictionCount(),
        invalidationsSent.sum(),
        invalidationsReceived.sum(),
        fillsRejected.sum());
  }

  private long ttlOrDefault(long ttlNanos) {
    return ttlNanos > 0 ? ttlNanos : defaultTtlNanos;
  }

  private static boolean sameBounds(CacheConfig a, CacheConfig b) {
    return Objects.equals(a.maximumSize(), b.maximumSize())
        && Objects.equals(a.maximumWeight(), b.maximumWeight());
  }

  private static boolean sizeOnly(CacheConfig c) {
    return c.maximumWeight() == null;
  }

  private static boolean weightOnly(CacheConfig c) {
    return c.maximumWeight() != null && c.maximumSize() == null;
  }

  /**
   * Entries that would outlive {@code ttlNanos} from now expire then instead. An entry replaced
   * between the look and the change may get the shorter life too: harmless, it is only a miss.
   */
  private static void capTtl(Store s, long ttlNanos) {
    Policy.VarExpiration<String, CachedValue> expiry =
        s.cache().policy().expireVariably().orElseThrow();
    for (Map.Entry<String, CachedValue> e : s.map().entrySet()) {
      OptionalLong left = expiry.getExpiresAfter(e.getKey(), TimeUnit.NANOSECONDS);
      if (left.isPresent() && left.getAsLong() > ttlNanos) {
        expiry.setExpiresAfter(e.getKey(), ttlNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static final class PerEntryTtl implements Expiry<String, CachedValue> {
    @Override
    public long expireAfterCreate(String key, CachedValue value, long currentTime) {
      return value.ttlNanos();
    }

    @Override
    public long expireAfterUpdate(
        String key, CachedValue value, long currentTime, long currentDuration) {
      return value.ttlNanos();
    }

    @Override
    public long expireAfterRead(
        String key, CachedValue value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
