package io.cachesync.spring.cache;

import io.cachesync.client.KeyMapper;
import java.util.Objects;
import java.util.Set;

/**
 * How the {@link CacheSyncCacheManager} makes its caches, settled once.
 *
 * @param cacheNames the only caches there are, or empty to make each on first use
 * @param allowNullValues whether a null result is cached (as a marker), as Spring's caches allow by
 *     default
 * @param evictMode what {@code evict} asks the sidecar for
 * @param codecs each cache's value codec
 * @param keys how Spring's keys (Strings, numbers, {@code SimpleKey}s) become the sidecar's string
 *     keys; must be injective. The default, {@code String.valueOf}, is for keys whose {@code
 *     toString} says all of them, as Spring's own key generator's do
 */
public record CacheSyncSettings(
    Set<String> cacheNames,
    boolean allowNullValues,
    EvictMode evictMode,
    CacheCodecs codecs,
    KeyMapper<Object> keys) {
  public CacheSyncSettings {
    cacheNames = Set.copyOf(cacheNames == null ? Set.of() : cacheNames);
    for (String name : cacheNames) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("cachesync.cache-names holds an empty name");
      }
    }
    evictMode = Objects.requireNonNullElse(evictMode, EvictMode.INVALIDATE);
    codecs = codecs == null ? CacheCodecs.serialization() : codecs;
    keys = keys == null ? KeyMapper.toStringKeys() : keys;
  }

  public static CacheSyncSettings defaults() {
    return new CacheSyncSettings(Set.of(), true, EvictMode.INVALIDATE, null, null);
  }
}
