package io.cachesync.spring.boot;

import io.cachesync.client.CacheSyncClient;
import io.cachesync.client.L0Config;
import io.cachesync.spring.cache.CacheCodecs;
import io.cachesync.spring.cache.CacheSyncCacheManager;
import io.cachesync.spring.cache.CacheSyncSettings;
import java.util.LinkedHashSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The client and Spring's {@link CacheManager} on the pod's sidecar. Runs before Boot's own cache
 * auto-configuration, which then backs off; an application's own CacheManager or client wins.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration", // Boot 3
      "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration" // Boot 4
    })
@ConditionalOnClass({CacheSyncClient.class, CacheManager.class})
@ConditionalOnProperty(prefix = "cachesync", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CacheSyncProperties.class)
public class CacheSyncAutoConfiguration {

  /**
   * @throws IllegalArgumentException (failing the start) when no sidecar address is set or it is
   *     malformed, saying which property or variable to set
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public CacheSyncClient cacheSyncClient(CacheSyncProperties properties, Environment env) {
    L0Config l0 =
        properties.l0().enabled()
            ? L0Config.entries(properties.l0().maxEntries()).withTtl(properties.l0().ttl())
            : L0Config.off();
    try {
      return CacheSyncClient.builder()
          .environment(SidecarAddress.environment(properties, env))
          .deadline(properties.deadline())
          .session(properties.session())
          .l0(l0)
          .build();
    } catch (IllegalArgumentException e) {
      // no cause: this message, with the properties, is what Boot's start-up failure shows last
      throw new IllegalArgumentException(
          "CacheSync starter: " + e.getMessage() + " (or cachesync.target / cachesync.socket)");
    }
  }

  @Bean
  @ConditionalOnMissingBean(CacheManager.class)
  public CacheSyncCacheManager cacheManager(
      CacheSyncClient client, CacheSyncProperties properties, ObjectProvider<CacheCodecs> codecs) {
    return new CacheSyncCacheManager(
        client,
        new CacheSyncSettings(
            new LinkedHashSet<>(properties.cacheNames()),
            properties.allowNullValues(),
            properties.evictMode(),
            codecs.getIfAvailable(CacheCodecs::serialization),
            null));
  }
}
