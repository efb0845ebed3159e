package io.cachesync.sidecar.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.CacheConfig;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One named L1 cache on Caffeine. A hit is a lock-free {@code getIfPresent}; every change of a key
 * (write, invalidation, fill) runs under that key's lock in the map, so a fill can never slip in
 * after an invalidation that overtook it.
 */
public final class LocalCache {
  // ~150 bytes each at most: bounds the memory a storm of invalidations can take (fills get
  // stricter past it)
  private static final long MAX_REMEMBERED_INVALIDATIONS = 100_000;

  private final CacheConfig config;
  private final long defaultTtlNanos;
  private final Cache<String, CachedValue> cache;
  private final ConcurrentMap<String, CachedValue> map;
  private final FillTokens tokens;
  private final LongAdder fillsRejected = new LongAdder();
  private final LongAdder invalidationsSent = new LongAdder();
  private final LongAdder invalidationsReceived = new LongAdder();

  public LocalCache(CacheConfig config, Duration fillTokenWindow) {
    this.config = config;
    this.defaultTtlNanos = config.ttl().toNanos();
    this.tokens = new FillTokens(config.name(), fillTokenWindow, MAX_REMEMBERED_INVALIDATIONS);
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
    this.cache = b.build();
    this.map = cache.asMap();
  }

  public String name() {
    return config.name();
  }

  public CacheConfig config() {
    return config;
  }

  /** The hit path: no lock, no allocation. Null on a miss. */
  public CachedValue get(String key) {
    return cache.getIfPresent(key);
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
    boolean[] installed = {false};
    map.compute(
        key,
        (k, current) -> {
          if (!tokens.mayFill(k, stamp)) return current;
          installed[0] = true;
          return fresh;
        });
    // A clear sweeps the map without the key's lock: re-check so a fill racing it does not survive
    // it.
    if (installed[0] && tokens.clearedSince(stamp)) {
      map.remove(key, fresh);
      installed[0] = false;
    }
    if (!installed[0]) fillsRejected.increment();
    return installed[0];
  }

  /**
   * Installs a new value unconditionally: the data changed, and fills issued before now are
   * refused.
   */
  public void write(String key, ByteString value, long ttlNanos) {
    CachedValue fresh = new CachedValue(value, ttlOrDefault(ttlNanos));
    map.compute(
        key,
        (k, current) -> {
          tokens.invalidated(k);
          return fresh;
        });
  }

  /** Drops the key and refuses fills issued before now. */
  public void invalidate(String key) {
    map.compute(
        key,
        (k, current) -> {
          tokens.invalidated(k);
          return null;
        });
  }

  public void invalidateAll(Iterable<String> keys) {
    for (String key : keys) invalidate(key);
  }

  /** Drops every entry and refuses every fill issued before now. */
  public void clear() {
    tokens.cleared();
    cache.invalidateAll();
  }

  public void countSent(long keys) {
    invalidationsSent.add(keys);
  }

  public void countReceived(long keys) {
    invalidationsReceived.add(keys);
  }

  public CacheStatistics statistics() {
    CacheStats s = cache.stats();
    return new CacheStatistics(
        config.name(),
        s.hitCount(),
        s.missCount(),
        cache.estimatedSize(),
        cache
            .policy()
            .eviction()
            .flatMap(e -> e.weightedSize().stream().boxed().findFirst())
            .orElse(0L),
        s.evictionCount(),
        invalidationsSent.sum(),
        invalidationsReceived.sum(),
        fillsRejected.sum());
  }

  private long ttlOrDefault(long ttlNanos) {
    return ttlNanos > 0 ? ttlNanos : defaultTtlNanos;
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
