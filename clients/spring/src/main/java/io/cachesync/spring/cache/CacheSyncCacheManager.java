package io.cachesync.spring.cache;

import io.cachesync.client.CacheSyncClient;
import io.cachesync.client.KeyMapper;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Spring's {@link CacheManager} on the pod's sidecar: one {@link CacheSyncCache} per cache name,
 * each a view of the sidecar's cache of that name through the shared {@link CacheSyncClient}. With
 * fixed names only those exist (Spring then reports any other name as unknown); without, a cache is
 * made on first use, and a name the sidecar does not serve fails its first call with the sidecar's
 * NOT_FOUND message.
 */
public final class CacheSyncCacheManager implements CacheManager {
  private final CacheSyncClient client;
  private final CacheSyncSettings settings;
  private final Map<String, CacheSyncCache> caches = new ConcurrentHashMap<>();
  private final List<Consumer<CacheSyncCache>> creationListeners = new CopyOnWriteArrayList<>();

  public CacheSyncCacheManager(CacheSyncClient client, CacheSyncSettings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    settings.cacheNames().forEach(this::getCache);
  }

  @Override
  public Cache getCache(String name) {
    if (!settings.cacheNames().isEmpty() && !settings.cacheNames().contains(name)) return null;
    CacheSyncCache cache = caches.get(name);
    return cache != null ? cache : create(name);
  }

  @Override
  public Collection<String> getCacheNames() {
    return Set.copyOf(caches.keySet());
  }

  /** The caches made so far, for health and metrics. */
  public List<CacheSyncCache> caches() {
    return List.copyOf(caches.values());
  }

  /** Tells {@code listener} of every cache, those made so far and each one made later (metrics). */
  public synchronized void whenCreated(Consumer<CacheSyncCache> listener) {
    creationListeners.add(listener);
    caches.values().forEach(listener);
  }

  public CacheSyncClient client() {
    return client;
  }

  public CacheSyncSettings settings() {
    return settings;
  }

  /** Made, listed and announced under one lock, so a listener added meanwhile misses none. */
  private synchronized CacheSyncCache create(String name) {
    CacheSyncCache existing = caches.get(name);
    if (existing != null) return existing;
    var codec = settings.codecs().codecFor(name);
    if (settings.allowNullValues()) codec = new NullMarkerCodec(codec);
    KeyMapper<Object> keys = settings.keys();
    CacheSyncCache cache =
        new CacheSyncCache(
            client.cache(name, keys, codec), settings.allowNullValues(), settings.evictMode());
    caches.put(name, cache);
    creationListeners.forEach(l -> l.accept(cache));
    return cache;
  }
}
