package io.cachesync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.spring.PodSidecars;
import io.cachesync.spring.cache.CacheSyncCache;
import io.cachesync.spring.cache.CacheSyncCacheManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The annotations a Spring team already has, unchanged, on two application contexts (two pods) with
 * their own sidecar processes on one Redis, through the auto-configuration.
 */
class CacheAnnotationsIT {
  static final Map<String, String> DATABASE = new ConcurrentHashMap<>();
  static PodSidecars pods;

  @BeforeAll
  static void start() throws Exception {
    pods = PodSidecars.start(2);
  }

  @AfterAll
  static void stop() {
    if (pods != null) pods.close();
  }

  /** The service as a Spring team writes it: no CacheSync type in sight. */
  public static class Titles {
    private final AtomicInteger reads = new AtomicInteger();

    /** How often the database was read (a method: the bean is a proxy). */
    public int reads() {
      return reads.get();
    }

    @Cacheable("books")
    public String title(String isbn) {
      reads.incrementAndGet();
      return DATABASE.get(isbn);
    }

    @CachePut(cacheNames = "books", key = "#isbn")
    public String rename(String isbn, String title) {
      DATABASE.put(isbn, title);
      return title;
    }

    @CacheEvict(cacheNames = "books", key = "#isbn")
    public void forget(String isbn) {}

    @CacheEvict(cacheNames = "books", allEntries = true)
    public void forgetAll() {}
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class App {
    @Bean
    Titles titles() {
      return new Titles();
    }
  }

  ApplicationContextRunner pod(int i) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                CacheSyncAutoConfiguration.class,
                CacheSyncFillTokenAutoConfiguration.class,
                CacheSyncActuatorAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues("cachesync.target=" + pods.target(i));
  }

  static CacheSyncCache books(org.springframework.context.ApplicationContext ctx) {
    return (CacheSyncCache) ctx.getBean(CacheSyncCacheManager.class).getCache("books");
  }

  @Test
  @DisplayName("a plain @Cacheable reaches the cache's get(key, loader): a fill with a token")
  void cacheableFillsWithToken() {
    DATABASE.put("isbn-fill", "Dune");
    pod(0)
        .run(
            ctx -> {
              Titles titles = ctx.getBean(Titles.class);
              assertThat(titles.title("isbn-fill")).isEqualTo("Dune");
              assertThat(titles.title("isbn-fill")).isEqualTo("Dune");
              assertThat(titles.reads()).isEqualTo(1);
              CacheSyncCache books = books(ctx);
              assertThat(books.counters().loads()).isEqualTo(1);
              assertThat(books.counters().puts()).as("no write on a miss").isZero();
              assertThat(books.counters().misses()).as("no bare lookup").isZero();
            });
  }

  @Test
  @DisplayName("with cachesync.cacheable-fill-tokens=false Spring's get-then-put comes back")
  void withoutFillTokens() {
    DATABASE.put("isbn-put", "Emma");
    pod(0)
        .withPropertyValues("cachesync.cacheable-fill-tokens=false")
        .run(
            ctx -> {
              ctx.getBean(Titles.class).title("isbn-put");
              CacheSyncCache books = books(ctx);
              assertThat(books.counters().misses()).isEqualTo(1);
              assertThat(books.counters().puts()).as("the miss became a write").isEqualTo(1);
              assertThat(books.counters().loads()).isZero();
            });
  }

  @Test
  @DisplayName("@CachePut on pod 1 drops pod 2's copy; @CacheEvict(allEntries) clears every pod")
  void putAndEvictAcrossPods() {
    DATABASE.put("isbn-x", "Old title");
    DATABASE.put("isbn-y", "Other");
    pod(0)
        .run(
            one ->
                pod(1)
                    .run(
                        two -> {
                          Titles t1 = one.getBean(Titles.class);
                          Titles t2 = two.getBean(Titles.class);
                          assertThat(t2.title("isbn-x")).isEqualTo("Old title");
                          t1.rename("isbn-x", "New title");
                          await()
                              .atMost(Duration.ofSeconds(5))
                              .untilAsserted(
                                  () -> assertThat(t2.title("isbn-x")).isEqualTo("New title"));

                          assertThat(t2.title("isbn-y")).isEqualTo("Other");
                          DATABASE.put("isbn-y", "Changed behind the cache");
                          t1.forgetAll();
                          await()
                              .atMost(Duration.ofSeconds(5))
                              .untilAsserted(
                                  () ->
                                      assertThat(t2.title("isbn-y"))
                                          .isEqualTo("Changed behind the cache"));

                          DATABASE.put("isbn-y", "Changed again");
                          t1.forget("isbn-y");
                          await()
                              .atMost(Duration.ofSeconds(5))
                              .untilAsserted(
                                  () -> assertThat(t2.title("isbn-y")).isEqualTo("Changed again"));
                        }));
  }

  @Test
  @DisplayName("health is UP with the caches in use, and meters count per cache")
  void healthAndMeters() {
    pod(0)
        .withBean(
            io.micrometer.core.instrument.simple.SimpleMeterRegistry.class,
            io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
        .run(
            ctx -> {
              ctx.getBean(Titles.class).title("isbn-health");
              // the indicator is Boot-line specific (src/main/boot3|4); what it reports is the
              // probe's
              assertThat(ctx)
                  .hasSingleBean(io.cachesync.spring.boot.actuate.CacheSyncHealthIndicator.class);
              SidecarProbe.Result health =
                  new SidecarProbe(ctx.getBean(CacheSyncCacheManager.class)).probe();
              assertThat(health.up()).isTrue();
              assertThat(health.details().get("caches").toString()).contains("books=UP");
              var registry =
                  ctx.getBean(io.micrometer.core.instrument.simple.SimpleMeterRegistry.class);
              ctx.getBean(CacheSyncMeters.class).bindTo(registry);
              assertThat(
                      registry
                          .get("cachesync.spring.loads")
                          .tag("cache", "books")
                          .functionCounter()
                          .count())
                  .isEqualTo(1.0);
            });
  }
}
