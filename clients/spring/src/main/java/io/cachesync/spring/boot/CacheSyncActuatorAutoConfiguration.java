package io.cachesync.spring.boot;

import io.cachesync.spring.boot.actuate.CacheSyncHealthIndicator;
import io.cachesync.spring.cache.CacheSyncCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A health contributor ({@code cacheSync}) and meters, where Actuator and Micrometer are. */
@AutoConfiguration(after = CacheSyncAutoConfiguration.class)
@ConditionalOnBean(CacheSyncCacheManager.class)
public class CacheSyncActuatorAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = CacheSyncHealthIndicator.HEALTH_API)
  static class Health {
    @Bean(name = "cacheSyncHealthIndicator")
    @ConditionalOnMissingBean(name = "cacheSyncHealthIndicator")
    CacheSyncHealthIndicator cacheSyncHealthIndicator(CacheSyncCacheManager manager) {
      return new CacheSyncHealthIndicator(new SidecarProbe(manager));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Meters {
    @Bean
    @ConditionalOnMissingBean
    CacheSyncMeters cacheSyncMeters(CacheSyncCacheManager manager) {
      return new CacheSyncMeters(manager);
    }
  }
}
