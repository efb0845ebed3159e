package io.cachesync.spring.boot;

import io.cachesync.spring.cache.CacheSyncCacheManager;
import io.cachesync.spring.cache.FillTokenOperationSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cache.annotation.AnnotationCacheOperationSource;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;

/**
 * Plain {@code @Cacheable} methods run as sync where Spring allows it (see {@link
 * FillTokenOperationSource}), only when the CacheManager is CacheSync's: {@code @EnableCaching}'s
 * proxy configuration takes its operation source by type, and this one is primary.
 */
@AutoConfiguration(after = CacheSyncAutoConfiguration.class)
@ConditionalOnBean(CacheSyncCacheManager.class)
@ConditionalOnProperty(
    prefix = "cachesync",
    name = "cacheable-fill-tokens",
    havingValue = "true",
    matchIfMissing = true)
public class CacheSyncFillTokenAutoConfiguration {

  @Bean
  @Primary
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  public static CacheOperationSource cacheSyncOperationSource() {
    // false: non-public methods too, as @EnableCaching's own source
    return new FillTokenOperationSource(new AnnotationCacheOperationSource(false));
  }
}
