package io.cachesync.spring.boot;

import io.cachesync.spring.cache.EvictMode;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cachesync.*}: where the sidecar is and how the Spring caches use it. Without {@code
 * target} or {@code socket}, the address comes from {@code CACHESYNC_SOCKET} / {@code
 * CACHESYNC_TARGET}, which the operator's injection sets in every pod.
 *
 * @param enabled whether the starter configures anything at all
 * @param target the sidecar as {@code host:port} (or {@code unix:///path}); wins over the
 *     environment
 * @param socket the sidecar's Unix socket path; wins over {@code target} when native epoll can open
 *     it, as the client's own choice does
 * @param deadline per call to the sidecar (per attempt for retried reads)
 * @param session whether reads share one Session stream instead of a call each (default true)
 * @param l0 the client's in-process L0, kept consistent by the Watch stream
 * @param evictMode what {@code @CacheEvict} asks for: {@code invalidate} (default: the store of
 *     record is never touched) or {@code delete}
 * @param cacheNames the only caches there are; empty: any name, made on first use
 * @param allowNullValues whether a null result is cached (as a marker), as Spring's caches do
 * @param cacheableFillTokens whether a plain {@code @Cacheable} runs as sync, so that its fill
 *     carries the miss's token (see FillTokenOperationSource)
 */
@ConfigurationProperties("cachesync")
public record CacheSyncProperties(
    @DefaultValue("true") boolean enabled,
    String target,
    String socket,
    @DefaultValue("2s") Duration deadline,
    @DefaultValue("true") boolean session,
    @DefaultValue L0 l0,
    @DefaultValue("invalidate") EvictMode evictMode,
    List<String> cacheNames,
    @DefaultValue("true") boolean allowNullValues,
    @DefaultValue("true") boolean cacheableFillTokens) {

  public CacheSyncProperties {
    cacheNames = cacheNames == null ? List.of() : List.copyOf(cacheNames);
  }

  /**
   * @param enabled whether values are kept in the application's heap too
   * @param maxEntries how many at most
   * @param ttl how long one may stay at most (the last safety net)
   */
  public record L0(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("10000") long maxEntries,
      @DefaultValue("5m") Duration ttl) {}
}
