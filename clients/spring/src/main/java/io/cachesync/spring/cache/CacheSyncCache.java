package io.cachesync.spring.cache;

import io.cachesync.client.CacheSyncException;
import io.cachesync.client.CacheView;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link org.springframework.cache.Cache} on one cache of the pod's sidecar, through the
 * Java client's {@link CacheView} (and its L0 when the client has one). What each call opens or
 * closes:
 *
 * <ul>
 *   <li>{@link #get(Object, Callable)} ({@code @Cacheable}): look-aside with a fill token. The miss
 *       takes the token before the loader reads the store, the fill is refused when an invalidation
 *       of the key reached the sidecar meanwhile, so a value read before an update never outlives
 *       it here: the race window of a hand-written get-then-put is closed.
 *   <li>{@link #put}: a write, installed here while every peer drops its copy before it returns.
 *   <li>{@link #evict}: Invalidate or Delete ({@link EvictMode}); {@link #clear}: InvalidateAll.
 *       Both return once L2, this sidecar and the bus have it; peers drop within the sidecar's
 *       propagation bound.
 * </ul>
 */
public final class CacheSyncCache extends AbstractValueAdaptingCache {
  private final CacheView<Object, Object> view;
  private final EvictMode evictMode;
  private final CacheCounters counters = new CacheCounters();

  public CacheSyncCache(CacheView<Object, Object> view, boolean allowNullValues, EvictMode mode) {
    super(allowNullValues);
    this.view = view;
    this.evictMode = mode;
  }

  @Override
  public String getName() {
    return view.name();
  }

  @Override
  public CacheView<Object, Object> getNativeCache() {
    return view;
  }

  public CacheCounters counters() {
    return counters;
  }

  public EvictMode evictMode() {
    return evictMode;
  }

  /** A Get (L0 first): nothing is loaded or filled on a miss. */
  @Override
  protected Object lookup(Object key) {
    Object stored = call(() -> view.get(key)).orElse(null);
    (stored == null ? counters.misses : counters.hits).increment();
    return stored;
  }

  /**
   * Look-aside: Get, else the loader, then a Fill with the miss's token; concurrent callers of one
   * key in this process share one load. A refused fill still answers this caller (its read
   * overlapped the update) but caches nothing. A null from the loader is cached as Spring's null
   * marker when null values are allowed, else refused as Spring's own caches refuse it.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    Object stored =
        call(
            () ->
                view.get(
                    key,
                    () -> {
                      counters.loads.increment();
                      T loaded;
                      try {
                        loaded = valueLoader.call();
                      } catch (Exception e) {
                        throw new ValueRetrievalException(key, valueLoader, e);
                      }
                      return toStoreValue(loaded); // refuses null unless allowNullValues
                    }));
    return (T) fromStoreValue(stored);
  }

  /** A write: this sidecar takes the value, every peer drops its copy (no fill token). */
  @Override
  public void put(Object key, Object value) {
    Object stored = toStoreValue(value);
    call(
        () -> {
          view.put(key, stored);
          return null;
        });
    counters.puts.increment();
  }

  /**
   * Honest about what it guarantees: a fill, not a cluster-wide compare-and-set. When this sidecar
   * holds a value, that value is returned and nothing changes. Otherwise {@code value} is filled
   * with the miss's token: installed here (and in L2) unless a change of the key raced it, never
   * broadcast, so another pod may hold another value of the key at the same time, as after any two
   * loads of a look-aside cache.
   *
   * @return the value this sidecar (or a concurrent caller in this process) already had, or null
   *     when {@code value} was offered as the fill
   */
  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    Object offered = toStoreValue(value);
    AtomicBoolean ours = new AtomicBoolean();
    Object stored =
        call(
            () ->
                view.get(
                    key,
                    () -> {
                      ours.set(true);
                      return offered;
                    }));
    return ours.get() ? null : new SimpleValueWrapper(fromStoreValue(stored));
  }

  @Override
  public void evict(Object key) {
    call(
        () -> {
          if (evictMode == EvictMode.DELETE) view.evict(key);
          else view.invalidate(key);
          return null;
        });
    counters.evictions.increment();
  }

  /** InvalidateAll: every sidecar drops every key of this cache; the store is untouched. */
  @Override
  public void clear() {
    call(
        () -> {
          view.clear();
          return null;
        });
    counters.clears.increment();
  }

  private <R> R call(Supplier<R> sidecarCall) {
    try {
      return sidecarCall.get();
    } catch (CacheSyncException e) {
      counters.errors.increment();
      throw e;
    }
  }
}
