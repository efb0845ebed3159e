package io.cachesync.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachesync.client.CacheChange;
import io.cachesync.client.L0Config;
import io.cachesync.client.WatchListener;
import io.cachesync.spring.PodSidecars;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.cache.Cache;

/** The Spring Cache semantics on two pods: real sidecar processes on one real Redis. */
class CacheSyncCacheIT {
  static PodSidecars pods;
  static CacheSyncCacheManager podA;
  static CacheSyncCacheManager podB;
  static CacheSyncCacheManager podAStrict; // allowNullValues = false
  static CacheSyncCacheManager podADelete; // evict = Delete

  @BeforeAll
  static void start() throws Exception {
    pods = PodSidecars.start(2);
    podA = manager(0, true, EvictMode.INVALIDATE);
    podB = manager(1, true, EvictMode.INVALIDATE);
    podAStrict = manager(0, false, EvictMode.INVALIDATE);
    podADelete = manager(0, true, EvictMode.DELETE);
  }

  static CacheSyncCacheManager manager(int pod, boolean nulls, EvictMode mode) {
    return new CacheSyncCacheManager(
        pods.client(pod, L0Config.off()), new CacheSyncSettings(Set.of(), nulls, mode, null, null));
  }

  @AfterAll
  static void stop() {
    if (pods != null) pods.close();
  }

  static Cache books(CacheSyncCacheManager m) {
    return m.getCache("books");
  }

  static String key(TestInfo info) {
    return info.getTestMethod().orElseThrow().getName();
  }

  @Test
  @DisplayName("get(key, loader) loads once, then hits; a fill stays on its pod (not broadcast)")
  void lookAside(TestInfo info) {
    String k = key(info);
    AtomicInteger loads = new AtomicInteger();
    assertThat(books(podA).get(k, () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    assertThat(books(podA).get(k, () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    assertThat(loads).hasValue(1);
    assertThat(books(podA).get(k).get()).isEqualTo("v1");
    assertThat(books(podB).get(k)).as("pod B never filled it").isNull();
  }

  @Test
  @DisplayName("put is a write: pod B's copy is dropped, and pod A serves the new value")
  void putDropsPeers(TestInfo info) {
    String k = key(info);
    books(podB).get(k, () -> "old");
    books(podA).get(k, () -> "old");
    books(podA).put(k, "new");
    assertThat(books(podA).get(k).get()).isEqualTo("new");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(books(podB).get(k)).isNull());
    assertThat(books(podB).get(k, () -> "new")).isEqualTo("new");
  }

  @Test
  @DisplayName("evict (Invalidate by default) and Delete drop the key on every pod")
  void evictDropsEverywhere(TestInfo info) {
    String k = key(info);
    for (CacheSyncCacheManager evicting : new CacheSyncCacheManager[] {podA, podADelete}) {
      books(podA).get(k, () -> "v");
      books(podB).get(k, () -> "v");
      books(evicting).evict(k);
      assertThat(books(podA).get(k)).isNull();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(books(podB).get(k)).isNull());
    }
  }

  @Test
  @DisplayName("clear (allEntries) is InvalidateAll: pod B loses every key of the cache")
  void clearEverywhere(TestInfo info) {
    String k = key(info);
    books(podB).get(k + "-1", () -> "a");
    books(podB).get(k + "-2", () -> "b");
    books(podA).clear();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(books(podB).get(k + "-1")).isNull();
              assertThat(books(podB).get(k + "-2")).isNull();
            });
  }

  @Test
  @DisplayName("with allowNullValues a null result is cached as a marker and read back as null")
  void nullValues(TestInfo info) {
    String k = key(info);
    Cache nulls = podA.getCache("nulls");
    AtomicInteger loads = new AtomicInteger();
    Object first =
        nulls.get(
            k,
            () -> {
              loads.incrementAndGet();
              return null;
            });
    assertThat(first).isNull();
    Object second = nulls.get(k, () -> "loaded again");
    assertThat(second).as("the null was cached").isNull();
    assertThat(loads).hasValue(1);
    Cache.ValueWrapper w = nulls.get(k);
    assertThat(w).as("a cached null is a wrapper of null, not a miss").isNotNull();
    assertThat(w.get()).isNull();
  }

  @Test
  @DisplayName("without allowNullValues a null result or put is refused, as Spring's caches do")
  void nullsRefused(TestInfo info) {
    String k = key(info);
    Cache strict = podAStrict.getCache("nulls");
    assertThatThrownBy(() -> strict.get(k, () -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
    assertThatThrownBy(() -> strict.put(k, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(strict.get(k)).isNull();
  }

  @Test
  @DisplayName("a loader that throws: ValueRetrievalException with its cause, nothing cached")
  void loaderFails(TestInfo info) {
    String k = key(info);
    assertThatThrownBy(
            () ->
                books(podA)
                    .get(
                        k,
                        () -> {
                          throw new java.io.IOException("database down");
                        }))
        .isInstanceOf(Cache.ValueRetrievalException.class)
        .hasRootCauseMessage("database down");
    assertThat(books(podA).get(k)).isNull();
  }

  @Test
  @DisplayName("putIfAbsent: fills an absent key, and returns what is there otherwise")
  void putIfAbsent(TestInfo info) {
    String k = key(info);
    assertThat(books(podA).putIfAbsent(k, "first")).isNull();
    assertThat(books(podA).get(k).get()).isEqualTo("first");
    Cache.ValueWrapper existing = books(podA).putIfAbsent(k, "second");
    assertThat(existing).isNotNull();
    assertThat(existing.get()).isEqualTo("first");
    assertThat(books(podA).get(k).get()).isEqualTo("first");
    assertThat(books(podB).get(k)).as("a fill, not broadcast").isNull();
  }

  @Test
  @DisplayName(
      "a stale fill racing an update is refused: the loader read 'old', pod B wrote 'new' before"
          + " the fill, and pod A never caches 'old'")
  void staleFillRefused(TestInfo info) throws Exception {
    String k = key(info);
    Cache a = books(podA);
    CountDownLatch loaderRead = new CountDownLatch(1);
    CountDownLatch updateSeen = new CountDownLatch(1);
    CountDownLatch subscribed = new CountDownLatch(1);
    try (var watch =
        podA.client()
            .watch(
                "books",
                new WatchListener() {
                  @Override
                  public void onChange(CacheChange change) {
                    if (change.keys().contains(k)) updateSeen.countDown();
                  }

                  @Override
                  public void onSubscribed() {
                    subscribed.countDown();
                  }
                })) {
      assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Object> reader =
          CompletableFuture.supplyAsync(
              () ->
                  a.get(
                      k,
                      () -> {
                        loaderRead.countDown(); // the miss's token is taken, the row read: "old"
                        assertThat(updateSeen.await(10, TimeUnit.SECONDS)).isTrue();
                        return "old";
                      }));
      assertThat(loaderRead.await(10, TimeUnit.SECONDS)).isTrue();
      books(podB).put(k, "new"); // the update, through the other pod
      assertThat(reader.get(15, TimeUnit.SECONDS))
          .as("the racing reader still gets its own answer")
          .isEqualTo("old");
    }
    assertThat(a.get(k)).as("the fill of 'old' was refused").isNull();
    assertThat(a.get(k, () -> "new")).isEqualTo("new");
  }

  @Test
  @DisplayName("a sidecar that is down fails the call with UNAVAILABLE and counts an error")
  void sidecarDown() {
    CacheSyncCacheManager nowhere =
        new CacheSyncCacheManager(
            io.cachesync.client.CacheSyncClient.builder()
                .target("127.0.0.1:" + io.cachesync.testsupport.FreePort.pick())
                .readAttempts(1)
                .build(),
            CacheSyncSettings.defaults());
    try {
      CacheSyncCache c = (CacheSyncCache) nowhere.getCache("books");
      AtomicBoolean loaded = new AtomicBoolean();
      assertThatThrownBy(() -> c.get("k", () -> loaded.getAndSet(true)))
          .isInstanceOf(io.cachesync.client.CacheSyncException.class)
          .hasMessageContaining("UNAVAILABLE");
      assertThat(c.counters().errors()).isEqualTo(1);
    } finally {
      nowhere.client().close();
    }
  }
}
