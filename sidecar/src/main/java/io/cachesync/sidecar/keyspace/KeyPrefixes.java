package io.cachesync.sidecar.keyspace;

import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a Redis key back to the cache and key it holds in L2 ({@code prefix + key}). The longest
 * matching prefix wins, so a cache under {@code "app:books:old:"} is not mistaken for one under
 * {@code "app:books:"}. Every other key in Redis is someone else's and is ignored.
 */
public final class KeyPrefixes {

  /** A Redis key read as a cache's key. */
  public record Match(String cache, String key) {}

  private record Prefix(String prefix, String cache) {}

  /** Longest first, so the first hit is the longest match; a handful of caches, scanned in turn. */
  private final List<Prefix> longestFirst;

  /**
   * @param cacheByPrefix each L2 prefix and the cache under it
   */
  public KeyPrefixes(Map<String, String> cacheByPrefix) {
    List<Prefix> prefixes = new ArrayList<>();
    cacheByPrefix.forEach(
        (prefix, cache) -> {
          if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("cache " + cache + " has an empty L2 prefix");
          }
          prefixes.add(new Prefix(prefix, cache));
        });
    prefixes.sort(Comparator.comparingInt((Prefix p) -> p.prefix().length()).reversed());
    this.longestFirst = List.copyOf(prefixes);
  }

  /** The prefixes of the caches that keep an L2 in Redis. */
  public static KeyPrefixes of(List<CacheConfig> caches) {
    Map<String, String> cacheByPrefix = new LinkedHashMap<>();
    for (CacheConfig cache : caches) {
      if (!cache.l2().enabled()) continue;
      String other = cacheByPrefix.putIfAbsent(cache.l2().prefix(), cache.name());
      if (other != null) {
        throw new ConfigException(
            "caches["
                + cache.name()
                + "].l2.prefix: '"
                + cache.l2().prefix()
                + "' is also the prefix of cache "
                + other
                + "; each cache needs its own, or they overwrite each other's values");
      }
    }
    return new KeyPrefixes(cacheByPrefix);
  }

  /**
   * The cache and key behind {@code redisKey}, or empty if it is under no prefix. A key equal to a
   * prefix names no cache key (they are never empty), so a shorter prefix may still claim it.
   */
  public Optional<Match> match(String redisKey) {
    for (Prefix p : longestFirst) {
      if (redisKey.length() > p.prefix().length() && redisKey.startsWith(p.prefix())) {
        return Optional.of(new Match(p.cache(), redisKey.substring(p.prefix().length())));
      }
    }
    return Optional.empty();
  }

  public boolean isEmpty() {
    return longestFirst.isEmpty();
  }
}
