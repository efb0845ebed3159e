package io.cachesync.sidecar.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.Strategy;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A config reload's changes to one L1: in place where Caffeine allows, a fresh one otherwise. */
class LocalCacheReconfigureTest {
  static final Duration WINDOW = Duration.ofSeconds(60);

  static CacheConfig sized(long maximumSize) {
    return new CacheConfig("books", Strategy.LookAside, maximumSize, null, null);
  }

  static CacheConfig weighed(Long maximumSize, long maximumWeight) {
    return new CacheConfig("books", Strategy.LookAside, maximumSize, maximumWeight, null);
  }

  static CacheConfig withTtl(Duration ttl) {
    return new CacheConfig("books", Strategy.LookAside, 1000L, null, ttl);
  }

  static ByteString v(int bytes) {
    return ByteString.copyFrom(new byte[bytes]);
  }

  static void fillWith(LocalCache c, int n, int bytes) {
    for (int i = 0; i < n; i++)
      assertThat(c.fill("k" + i, v(bytes), 0, c.issueFillToken())).isTrue();
  }

  @Test
  @DisplayName("a smaller maximumSize evicts down to it and keeps the rest")
  void shrinkSize() {
    LocalCache c = new LocalCache(sized(1000), WINDOW);
    fillWith(c, 100, 10);
    assertThat(c.reconfigure(sized(10))).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.statistics().size() <= 10);
    assertThat(c.statistics().size()).isPositive();
    assertThat(c.statistics().evictions()).isGreaterThanOrEqualTo(90);
    assertThat(c.config().maximumSize()).isEqualTo(10);
  }

  @Test
  @DisplayName("a larger maximumSize takes more entries without dropping any")
  void growSize() {
    LocalCache c = new LocalCache(sized(10), WINDOW);
    fillWith(c, 10, 10);
    assertThat(c.reconfigure(sized(100))).isTrue();
    fillWith(c, 50, 10);
    await().atMost(Duration.ofSeconds(5)).until(() -> c.statistics().size() == 50);
  }

  @Test
  @DisplayName("a smaller maximumWeight alone evicts down to it in place")
  void shrinkWeight() {
    LocalCache c = new LocalCache(weighed(null, 1L << 20), WINDOW);
    fillWith(c, 100, 1_000);
    assertThat(c.reconfigure(weighed(null, 10_000))).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.statistics().weightedSize() <= 10_000);
    assertThat(c.statistics().size()).isPositive();
  }

  @Test
  @DisplayName(
      "a switch between bounding entries and bytes, or a change of both bounds, starts an empty L1"
          + " and keeps counting")
  void freshWhenCaffeineCannot() {
    LocalCache c = new LocalCache(sized(1000), WINDOW);
    fillWith(c, 20, 10);
    c.get("k1");
    long hits = c.statistics().hits();

    assertThat(c.reconfigure(weighed(null, 1L << 20))).isFalse();
    assertThat(c.get("k1")).isNull();
    assertThat(c.statistics().size()).isZero();
    assertThat(c.statistics().hits()).as("counters never go back").isEqualTo(hits);

    fillWith(c, 20, 10);
    assertThat(c.reconfigure(weighed(100L, 1L << 20))).isFalse();
    assertThat(c.statistics().size()).isZero();
    fillWith(c, 5, 10);
    assertThat(c.reconfigure(weighed(10L, 1L << 20))).isFalse();
    assertThat(c.statistics().size()).isZero();
  }

  @Test
  @DisplayName("fill tokens of misses before a change of bounds stay good: the data did not change")
  void tokensSurviveBounds() {
    LocalCache c = new LocalCache(sized(1000), WINDOW);
    long before = c.issueFillToken();
    c.reconfigure(weighed(null, 1L << 20));
    assertThat(c.fill("k", v(1), 0, before)).isTrue();
    assertThat(c.get("k")).isNotNull();
  }

  @Test
  @DisplayName("a shorter ttl expires what is cached already; a longer one applies to new writes")
  void ttl() {
    LocalCache c = new LocalCache(withTtl(Duration.ofMinutes(10)), WINDOW);
    fillWith(c, 3, 1);
    c.write("own", v(1), Duration.ofHours(1).toNanos());
    assertThat(c.reconfigure(withTtl(Duration.ofMillis(50)))).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.get("k0") == null && c.get("own") == null);

    c.reconfigure(withTtl(Duration.ofHours(2)));
    c.write("later", v(1), 0);
    assertThat(c.nanosToLive("later").orElseThrow())
        .isBetween(Duration.ofHours(2).minusMinutes(1).toNanos(), Duration.ofHours(2).toNanos());
  }

  @Test
  @DisplayName("a config of another cache is refused")
  void otherName() {
    LocalCache c = new LocalCache(sized(10), WINDOW);
    assertThatThrownBy(() -> c.reconfigure(CacheConfig.lookAside("authors")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName(
      "raced: an invalidation, a fill of an older miss and a swap of the L1 underneath never leave"
          + " the stale value behind")
  void invalidationRacesSwap() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      LocalCache c = new LocalCache(sized(1000), WINDOW);
      CacheConfig[] configs = {weighed(null, 1L << 20), sized(1000)};
      int staleLeft = 0;
      for (int round = 0; round < 2_000; round++) {
        long token = c.issueFillToken();
        CacheConfig next = configs[round % 2];
        CyclicBarrier start = new CyclicBarrier(3);
        Future<?> fill = pool.submit(() -> arriveThen(start, () -> c.fill("k", v(1), 0, token)));
        Future<?> drop = pool.submit(() -> arriveThen(start, () -> c.invalidate("k")));
        Future<?> swap = pool.submit(() -> arriveThen(start, () -> c.reconfigure(next)));
        fill.get();
        drop.get();
        swap.get();
        // the invalidation came after the token: whatever the order, the fill must not survive
        if (c.get("k") != null) staleLeft++;
        c.invalidate("k");
      }
      assertThat(staleLeft).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void arriveThen(CyclicBarrier barrier, Runnable action) throws Exception {
    barrier.await();
    action.run();
    return null;
  }
}
