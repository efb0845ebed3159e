package io.cachesync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.client.CacheSyncClient;
import io.cachesync.client.ValueCodec;
import io.cachesync.spring.boot.actuate.CacheSyncHealthIndicator;
import io.cachesync.spring.cache.CacheCodecs;
import io.cachesync.spring.cache.CacheSyncCacheManager;
import io.cachesync.spring.cache.EvictMode;
import io.cachesync.spring.cache.FillTokenOperationSource;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.interceptor.CacheOperationSource;

/**
 * The auto-configuration's conditions and property binding. No sidecar is needed: the client's
 * channel connects lazily, and the one test that calls goes to a port where nothing listens.
 */
class CacheSyncAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  CacheSyncAutoConfiguration.class,
                  CacheSyncFillTokenAutoConfiguration.class,
                  CacheSyncActuatorAutoConfiguration.class));

  @Test
  @DisplayName(
      "cachesync.target gives the client its sidecar and CacheSync becomes the CacheManager")
  void targetProperty() {
    runner
        .withPropertyValues("cachesync.target=127.0.0.1:7070")
        .run(
            ctx -> {
              assertThat(ctx.getBean(CacheSyncClient.class).target()).startsWith("127.0.0.1:7070");
              assertThat(ctx.getBean(CacheManager.class)).isInstanceOf(CacheSyncCacheManager.class);
            });
  }

  @Test
  @DisplayName("without cachesync.target the injected CACHESYNC_TARGET is used, and says so")
  void environmentVariable() {
    runner
        .withPropertyValues("CACHESYNC_TARGET=127.0.0.1:7171")
        .run(
            ctx ->
                assertThat(ctx.getBean(CacheSyncClient.class).target())
                    .isEqualTo("127.0.0.1:7171 (CACHESYNC_TARGET)"));
  }

  @Test
  @DisplayName("cachesync.target wins over the injected CACHESYNC_TARGET")
  void propertyWins() {
    runner
        .withPropertyValues("CACHESYNC_TARGET=127.0.0.1:7171", "cachesync.target=127.0.0.1:7272")
        .run(
            ctx ->
                assertThat(ctx.getBean(CacheSyncClient.class).target())
                    .startsWith("127.0.0.1:7272"));
  }

  @Test
  @DisplayName("no sidecar address: the start fails saying which variables or properties to set")
  void noAddress() {
    // a real CACHESYNC_* of the machine running the test would be found: blank them
    runner
        .withPropertyValues("CACHESYNC_TARGET=", "CACHESYNC_SOCKET=")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("CACHESYNC_TARGET")
                    .hasMessageContaining("cachesync.target"));
  }

  @Test
  @DisplayName("a malformed cachesync.target fails the start naming the forms it accepts")
  void badTarget() {
    runner
        .withPropertyValues("cachesync.target=localhost")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("'localhost' is not a sidecar address")
                    .hasMessageContaining("host:port"));
  }

  @Test
  @DisplayName("every cachesync.* property reaches the client and the caches")
  void binding() {
    runner
        .withPropertyValues(
            "cachesync.target=127.0.0.1:7070",
            "cachesync.deadline=750ms",
            "cachesync.session=false",
            "cachesync.l0.enabled=true",
            "cachesync.l0.max-entries=500",
            "cachesync.l0.ttl=30s",
            "cachesync.evict-mode=delete",
            "cachesync.cache-names=books,authors",
            "cachesync.allow-null-values=false")
        .run(
            ctx -> {
              CacheSyncClient client = ctx.getBean(CacheSyncClient.class);
              assertThat(client.config().deadline()).isEqualTo(Duration.ofMillis(750));
              assertThat(client.config().session()).isFalse();
              assertThat(client.config().l0().enabled()).isTrue();
              assertThat(client.config().l0().maxEntries()).isEqualTo(500);
              assertThat(client.config().l0().ttl()).isEqualTo(Duration.ofSeconds(30));
              CacheSyncCacheManager manager = ctx.getBean(CacheSyncCacheManager.class);
              assertThat(manager.settings().evictMode()).isEqualTo(EvictMode.DELETE);
              assertThat(manager.settings().allowNullValues()).isFalse();
              assertThat(manager.getCacheNames()).isEqualTo(Set.of("books", "authors"));
              assertThat(manager.getCache("reviews")).as("not a configured name").isNull();
            });
  }

  @Test
  @DisplayName(
      "the defaults: reads on a session, invalidate on evict, null values allowed, no L0, any cache"
          + " name")
  void defaults() {
    runner
        .withPropertyValues("cachesync.target=127.0.0.1:7070")
        .run(
            ctx -> {
              CacheSyncCacheManager manager = ctx.getBean(CacheSyncCacheManager.class);
              assertThat(manager.settings().evictMode()).isEqualTo(EvictMode.INVALIDATE);
              assertThat(manager.settings().allowNullValues()).isTrue();
              assertThat(manager.client().config().l0().enabled()).isFalse();
              assertThat(manager.client().config().session()).isTrue();
              assertThat(manager.getCache("anything")).isNotNull();
            });
  }

  @Test
  @DisplayName("an unknown evict mode fails the start naming the property")
  void badEvictMode() {
    runner
        .withPropertyValues("cachesync.target=127.0.0.1:7070", "cachesync.evict-mode=drop")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .hasStackTraceContaining(
                        "Failed to bind properties under 'cachesync.evict-mode'"));
  }

  @Test
  @DisplayName("a negative deadline fails the start with the client's message")
  void badDeadline() {
    runner
        .withPropertyValues("cachesync.target=127.0.0.1:7070", "cachesync.deadline=-1s")
        .run(
            ctx ->
                assertThat(ctx.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("deadline")
                    .hasMessageContaining("must be positive"));
  }

  @Test
  @DisplayName("an application's own CacheManager wins, and @Cacheable is left as Spring runs it")
  void ownCacheManager() {
    runner
        .withPropertyValues("cachesync.target=127.0.0.1:7070")
        .withBean(CacheManager.class, ConcurrentMapCacheManager::new)
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean(CacheSyncCacheManager.class);
              assertThat(ctx).doesNotHaveBean(FillTokenOperationSource.class);
              assertThat(ctx).doesNotHaveBean(CacheSyncHealthIndicator.class);
            });
  }

  @Test
  @DisplayName("an application's own CacheSyncClient is the one the caches use")
  void ownClient() {
    runner
        .withBean(
            CacheSyncClient.class, () -> CacheSyncClient.builder().target("127.0.0.1:7373").build())
        .run(
            ctx ->
                assertThat(ctx.getBean(CacheSyncCacheManager.class).client().target())
                    .startsWith("127.0.0.1:7373"));
  }

  @Test
  @DisplayName("cachesync.enabled=false configures nothing")
  void disabled() {
    runner
        .withPropertyValues("cachesync.enabled=false", "cachesync.target=127.0.0.1:7070")
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean(CacheSyncClient.class);
              assertThat(ctx).doesNotHaveBean(CacheManager.class);
            });
  }

  @Test
  @DisplayName("plain @Cacheable gets fill tokens unless cachesync.cacheable-fill-tokens=false")
  void fillTokenSource() {
    runner
        .withPropertyValues("cachesync.target=127.0.0.1:7070")
        .run(
            ctx ->
                assertThat(ctx.getBean(CacheOperationSource.class))
                    .isInstanceOf(FillTokenOperationSource.class));
    runner
        .withPropertyValues(
            "cachesync.target=127.0.0.1:7070", "cachesync.cacheable-fill-tokens=false")
        .run(ctx -> assertThat(ctx).doesNotHaveBean(CacheOperationSource.class));
  }

  @Test
  @DisplayName("a CacheCodecs bean gives a cache its codec, the others keep the fallback")
  void codecs() {
    runner
        .withPropertyValues("cachesync.target=127.0.0.1:7070")
        .withBean(
            CacheCodecs.class, () -> CacheCodecs.serialization().with("names", ValueCodec.utf8()))
        .run(
            ctx -> {
              CacheCodecs codecs = ctx.getBean(CacheSyncCacheManager.class).settings().codecs();
              assertThat(codecs.codecFor("names").encode("Émile"))
                  .isEqualTo("Émile".getBytes(java.nio.charset.StandardCharsets.UTF_8));
              assertThat(codecs.codecFor("books").encode("Émile")[0])
                  .as("Java serialization")
                  .isEqualTo((byte) 0xAC);
            });
  }

  @Test
  @DisplayName("the health contributor and the meters exist only where Actuator and Micrometer do")
  void actuatorConditions() {
    runner
        .withPropertyValues("cachesync.target=127.0.0.1:7070")
        .run(
            ctx -> {
              assertThat(ctx).hasSingleBean(CacheSyncHealthIndicator.class);
              assertThat(ctx).hasSingleBean(CacheSyncMeters.class);
            });
    runner
        .withPropertyValues("cachesync.target=127.0.0.1:7070")
        .withClassLoader(
            new FilteredClassLoader(CacheSyncHealthIndicator.HEALTH_API, "io.micrometer.core"))
        .run(
            ctx -> {
              assertThat(ctx).hasSingleBean(CacheSyncCacheManager.class);
              assertThat(ctx).doesNotHaveBean(CacheSyncHealthIndicator.class);
              assertThat(ctx).doesNotHaveBean(CacheSyncMeters.class);
            });
  }

  @Test
  @DisplayName("health is DOWN with the sidecar's status when nothing answers at the target")
  void healthDown() {
    int closed = io.cachesync.testsupport.FreePort.pick();
    runner
        .withPropertyValues(
            "cachesync.target=127.0.0.1:" + closed,
            "cachesync.cache-names=books",
            "cachesync.deadline=500ms")
        .run(
            ctx -> {
              SidecarProbe.Result r =
                  new SidecarProbe(ctx.getBean(CacheSyncCacheManager.class)).probe();
              assertThat(r.up()).isFalse();
              assertThat(r.details().get("caches").toString()).contains("books=UNAVAILABLE");
            });
  }
}
