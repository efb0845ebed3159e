package io.cachesync.sidecar.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.cachesync.sidecar.config.CacheConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

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
 *
 * <p>Caffeine holds the value's bytes as a plain array, and each entry's ttl lives in Caffeine's
 * expiry of the entry, set by the compute that installs it: no wrapper object per entry. Keys are
 * held as {@link PackedKey#of} makes them (a short key in one small object, not a String and its
 * array); the fill tokens still see the String, so their slots do not depend on the form.
 */
public final class LocalCache {
  // 512 KiB per cache: a fill is refused wrongly only when another key of its slot changed while
  // it loaded (at 100,000 invalidations/s and a 10 ms load, 1.5 % of fills)
  static final int FILL_TOKEN_SLOTS = 1 << 16;

  /** One Caffeine instance and the counts of those it replaced, swapped as one. */
  private record Store(
      Cache<Object, byte[]> cache,
      ConcurrentMap<Object, byte[]> map,
      Policy.VarExpiration<Object, byte[]> expiry,
      CacheStats past) {
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

  private Store build(CacheConfig config, CacheStats past) {
    Caffeine<Object, byte[]> b =
        Caffeine.newBuilder().recordStats().executor(Runnable::run).expireAfter(new KeptTtl());
    if (config.maximumWeight() != null) {
      // With both bounds, each entry weighs at least budget/maxSize, so the count stays under
      // maxSize too.
      long floor =
          config.maximumSize() == null ? 0 : ceilDiv(config.maximumWeight(), config.maximumSize());
      b.maximumWeight(config.maximumWeight()).weigher(new EntryWeigher(floor));
    } else {
      b.maximumSize(config.maximumSize());
    }
    Cache<Object, byte[]> cache = b.build();
    return new Store(cache, cache.asMap(), cache.policy().expireVariably().orElseThrow(), past);
  }

  public String name() {
    return name;
  }

  /** The config it runs with now: the one it was built with, or the last {@link #reconfigure}. */
  public CacheConfig config() {
    return config;
  }

  /**
   * The hit path: no lock. The bytes as they go back on the wire, wrapped without a copy (24 bytes
   * per hit, against 24 per entry for keeping the wrapper in the cache); null on a miss. The lookup
   * packs the key too: 24-48 bytes of short-lived garbage per hit, for 24 bytes less held per
   * entry.
   */
  public ByteString get(String key) {
    byte[] bytes = store.cache().getIfPresent(PackedKey.of(key));
    // never mutated: what goes in is a copy made for L1 (toByteArray), and nothing writes to it
    return bytes == null ? null : UnsafeByteOperations.unsafeWrap(bytes);
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
    Duration ttl = ttlOrDefault(ttlNanos);
    byte[] bytes = value.toByteArray();
    Object held = PackedKey.of(key);
    boolean installed;
    Store s;
    do {
      s = store;
      installed = fillInto(s, key, held, bytes, ttl, stamp);
    } while (s != store);
    if (!installed) fillsRejected.increment();
    return installed;
  }

  private boolean fillInto(
      Store s, String key, Object held, byte[] value, Duration ttl, long stamp) {
    try {
      s.expiry()
          .compute(
              held,
              (k, current) -> {
                // Returning the current value would restart its life with this fill's ttl: abort
                // instead, which leaves the entry exactly as it was.
                if (!tokens.mayFill(key, stamp)) throw FillRefused.INSTANCE;
                return value;
              },
              ttl);
    } catch (FillRefused refused) {
      return false;
    }
    // A clear sweeps the map without the key's lock: re-check so a fill racing it does not survive
    // it.
    if (tokens.clearedSince(stamp)) {
      s.map().remove(held, value);
      return false;
    }
    return true;
  }

  /**
   * Installs a new value unconditionally: the data changed, and fills issued before now are
   * refused.
   */
  public void write(String key, ByteString value, long ttlNanos) {
    replace(key, value.toByteArray(), ttlOrDefault(ttlNanos));
  }

  /**
   * A write that began when {@code token} was issued and has gone through the store or Redis since:
   * installs the value if nothing changed the key meanwhile, and drops the key otherwise. Another
   * write or an invalidation that overtook it may stand for a newer value than this one, which the
   * store may have applied in either order, so neither may stay. Fills issued before now are
   * refused either way.
   *
   * @return whether the value was installed
   */
  public boolean writeAfter(String key, ByteString value, long ttlNanos, long token) {
    long stamp = tokens.stampOf(token);
    byte[] bytes = value.toByteArray();
    Duration ttl = ttlOrDefault(ttlNanos);
    Object held = PackedKey.of(key);
    boolean[] installed = new boolean[1];
    BiFunction<Object, byte[], byte[]> change =
        (k, current) -> {
          installed[0] = tokens.mayFill(key, stamp);
          tokens.invalidated(key);
          return installed[0] ? bytes : null;
        };
    Store s;
    do {
      s = store;
      s.expiry().compute(held, change, ttl);
    } while (s != store);
    if (installed[0] && tokens.clearedSince(stamp)) {
      store.map().remove(held, bytes);
      return false;
    }
    return installed[0];
  }

  /**
   * Whether nothing changed {@code key} (no write, invalidation or clear reached this cache) since
   * {@code token} was issued, within the token window: what a load begun then still stands for.
   */
  public boolean unchangedSince(String key, long token) {
    return tokens.mayFill(key, tokens.stampOf(token));
  }

  /** Drops the key and refuses fills issued before now. */
  public void invalidate(String key) {
    replace(key, null, null);
  }

  /**
   * Sets the key to {@code value} for {@code ttl} (null: drops it) under its lock, marking it
   * changed for the fill tokens; repeated when a reload swapped the store meanwhile, so the change
   * lands in the store that serves.
   */
  private void replace(String key, byte[] value, Duration ttl) {
    Object held = PackedKey.of(key);
    BiFunction<Object, byte[], byte[]> change =
        (k, current) -> {
          tokens.invalidated(key);
          return value;
        };
    Store s;
    do {
      s = store;
      // a drop needs no ttl: the plain compute allocates nothing more for it (the invalidation
      // path)
      if (value == null) s.map().compute(held, change);
      else s.expiry().compute(held, change, ttl);
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
      Policy.Eviction<Object, byte[]> eviction = s.cache().policy().eviction().orElseThrow();
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

  /** How long {@code key} has left to live; empty when it is not cached. For tests. */
  OptionalLong nanosToLive(String key) {
    return store.expiry().getExpiresAfter(PackedKey.of(key), TimeUnit.NANOSECONDS);
  }

  private Duration ttlOrDefault(long ttlNanos) {
    return Duration.ofNanos(ttlNanos > 0 ? ttlNanos : defaultTtlNanos);
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
    for (Object key : s.map().keySet()) {
      OptionalLong left = s.expiry().getExpiresAfter(key, TimeUnit.NANOSECONDS);
      if (left.isPresent() && left.getAsLong() > ttlNanos) {
        s.expiry().setExpiresAfter(key, ttlNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * Every install sets its entry's ttl through {@code VarExpiration.compute}; what Caffeine asks
   * this for otherwise keeps the entry's life as it is (a read must not extend it). A create that
   * came without a ttl, which no path here makes, would get the cache's.
   */
  private final class KeptTtl implements Expiry<Object, byte[]> {
    @Override
    public long expireAfterCreate(Object key, byte[] value, long currentTime) {
      return defaultTtlNanos;
    }

    @Override
    public long expireAfterUpdate(
        Object key, byte[] value, long currentTime, long currentDuration) {
      return currentDuration;
    }

    @Override
    public long expireAfterRead(Object key, byte[] value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Aborts the compute of a refused fill; thrown often enough that it carries no stack trace. */
  private static final class FillRefused extends RuntimeException {
    static final FillRefused INSTANCE = new FillRefused();

    private FillRefused() {
      super("fill refused", null, false, false);
    }
  }
}
