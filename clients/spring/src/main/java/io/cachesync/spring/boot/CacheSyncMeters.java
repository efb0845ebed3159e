package io.cachesync.spring.boot;

import io.cachesync.spring.cache.CacheCounters;
import io.cachesync.spring.cache.CacheSyncCache;
import io.cachesync.spring.cache.CacheSyncCacheManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of the Spring caches ({@code cachesync.spring.*}, tagged by cache), for every
 * cache made now or later, and of the client's L0. The sidecar's own hit and invalidation figures
 * are on its metrics port.
 */
public final class CacheSyncMeters implements MeterBinder {
  private final CacheSyncCacheManager manager;

  public CacheSyncMeters(CacheSyncCacheManager manager) {
    this.manager = manager;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("cachesync.l0.size", manager.client(), c -> c.l0Size())
        .description("entries in the client's in-process L0")
        .register(registry);
    Gauge.builder("cachesync.l0.live", manager.client(), c -> c.l0Live() ? 1 : 0)
        .description("1 while L0 serves (its Watch stream is established)")
        .register(registry);
    manager.whenCreated(cache -> bind(registry, cache));
  }

  private static void bind(MeterRegistry registry, CacheSyncCache cache) {
    CacheCounters c = cache.counters();
    counter(registry, "cachesync.spring.gets", cache, c, x -> x.hits(), "result", "hit");
    counter(registry, "cachesync.spring.gets", cache, c, x -> x.misses(), "result", "miss");
    counter(registry, "cachesync.spring.loads", cache, c, x -> x.loads());
    counter(registry, "cachesync.spring.puts", cache, c, x -> x.puts());
    counter(registry, "cachesync.spring.evictions", cache, c, x -> x.evictions());
    counter(registry, "cachesync.spring.clears", cache, c, x -> x.clears());
    counter(registry, "cachesync.spring.errors", cache, c, x -> x.errors());
  }

  private static void counter(
      MeterRegistry registry,
      String name,
      CacheSyncCache cache,
      CacheCounters counters,
      ToDoubleFunction<CacheCounters> f,
      String... tags) {
    FunctionCounter.builder(name, counters, f)
        .tag("cache", cache.getName())
        .tags(tags)
        .register(registry);
  }
}
