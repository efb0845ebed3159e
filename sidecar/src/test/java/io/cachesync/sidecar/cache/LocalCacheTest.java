package io.cachesync.sidecar.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocalCacheTest {
  /** A cache bounded as a SidecarConfig would bound it; LocalCache takes the bound as given. */
  static CacheConfig sized(String name) {
    return new CacheConfig(name, Strategy.LookAside, 10_000L, null, null);
  }

  static final Duration WINDOW = Duration.ofSeconds(60);

  static LocalCache cache() {
    return new LocalCache(sized("books"), WINDOW);
  }

  static ByteString v(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  @DisplayName(
      "a write installs its value when nothing changed the key while it was in flight, and drops the key when something did")
  void writeAfter() {
    LocalCache c = cache();
    long quiet = c.issueFillToken();
    assertThat(c.writeAfter("k", v("v1"), 0, quiet)).isTrue();
    assertThat(c.get("k").toStringUtf8()).isEqualTo("v1");

    long first = c.issueFillToken(); // two writes of "k" in flight at once
    long second = c.issueFillToken();
    assertThat(c.writeAfter("k", v("v3"), 0, second)).isTrue();
    assertThat(c.writeAfter("k", v("v2"), 0, first))
        .as("the store may have applied either last")
        .isFalse();
    assertThat(c.get("k")).as("neither stays").isNull();

    long overtaken = c.issueFillToken();
    c.invalidate("k"); // a peer's change arrived meanwhile
    assertThat(c.writeAfter("k", v("v4"), 0, overtaken)).isFalse();
    assertThat(c.get("k")).isNull();

    long fillBefore = c.issueFillToken();
    assertThat(c.writeAfter("k", v("v5"), 0, c.issueFillToken())).isTrue();
    assertThat(c.fill("k", v("stale"), 0, fillBefore))
        .as("a fill issued before the write is refused")
        .isFalse();
    assertThat(c.get("k").toStringUtf8()).isEqualTo("v5");
  }

  @Test
  @DisplayName("a fill with a fresh token is installed and then hits")
  void fillThenHit() {
    LocalCache c = cache();
    assertThat(c.get("k")).isNull();
    assertThat(c.fill("k", v("x"), 0, c.issueFillToken())).isTrue();
    assertThat(c.get("k").toStringUtf8()).isEqualTo("x");
    assertThat(c.statistics().hits()).isEqualTo(1);
    assertThat(c.statistics().misses()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a fill is refused after an invalidation, a write or a clear that came after its token")
  void overtakenFills() {
    LocalCache c = cache();
    long t1 = c.issueFillToken();
    c.invalidate("k");
    assertThat(c.fill("k", v("stale"), 0, t1)).isFalse();

    long t2 = c.issueFillToken();
    c.write("k", v("new"), 0);
    assertThat(c.fill("k", v("stale"), 0, t2)).isFalse();
    assertThat(c.get("k").toStringUtf8()).isEqualTo("new");

    long t3 = c.issueFillToken();
    c.clear();
    assertThat(c.fill("k", v("stale"), 0, t3)).isFalse();
    assertThat(c.statistics().fillsRejected()).isEqualTo(3);

    long t4 = c.issueFillToken();
    assertThat(c.fill("k", v("fresh"), 0, t4)).isTrue();
  }

  @Test
  @DisplayName(
      "a refused fill leaves the cached entry's remaining life alone, neither restarted nor given"
          + " the fill's ttl")
  void refusedFillKeepsTtl() {
    LocalCache c = cache();
    long token = c.issueFillToken();
    c.write("k", v("new"), Duration.ofHours(1).toNanos());
    long writtenFor = c.nanosToLive("k").orElseThrow();
    await().until(() -> c.nanosToLive("k").orElseThrow() < writtenFor);
    long left = c.nanosToLive("k").orElseThrow();

    assertThat(c.fill("k", v("stale"), Duration.ofHours(10).toNanos(), token)).isFalse();

    assertThat(c.get("k").toStringUtf8()).isEqualTo("new");
    assertThat(c.nanosToLive("k").orElseThrow()).isLessThanOrEqualTo(left);
  }

  @Test
  @DisplayName("a fill gets the loader's ttl, else the cache's")
  void fillTtl() {
    LocalCache c = cache();
    c.fill("own", v("x"), Duration.ofSeconds(5).toNanos(), c.issueFillToken());
    c.fill("default", v("x"), 0, c.issueFillToken());
    assertThat(c.nanosToLive("own").orElseThrow())
        .isBetween(Duration.ofSeconds(4).toNanos(), Duration.ofSeconds(5).toNanos());
    assertThat(c.nanosToLive("default").orElseThrow())
        .isBetween(
            CacheConfig.lookAside("books").ttl().minusSeconds(1).toNanos(),
            CacheConfig.lookAside("books").ttl().toNanos());
  }

  @Test
  @DisplayName("an invalidation of another key does not refuse a fill")
  void otherKeys() {
    LocalCache c = cache();
    long t = c.issueFillToken();
    c.invalidate("other");
    assertThat(c.fill("k", v("x"), 0, t)).isTrue();
  }

  @Test
  @DisplayName("forged tokens and tokens of another cache are rejected as malformed")
  void malformedTokens() {
    LocalCache a = cache();
    LocalCache b = new LocalCache(sized("authors"), WINDOW);
    assertThatThrownBy(() -> a.fill("k", v("x"), 0, 42))
        .isInstanceOf(InvalidFillTokenException.class);
    assertThatThrownBy(() -> a.fill("k", v("x"), 0, -1))
        .isInstanceOf(InvalidFillTokenException.class);
    long foreign = b.issueFillToken();
    assertThatThrownBy(() -> a.fill("k", v("x"), 0, foreign))
        .isInstanceOf(InvalidFillTokenException.class);
    assertThat(a.get("k")).isNull();
  }

  @Test
  @DisplayName(
      "a token older than the window is refused: the invalidations it could have missed are forgotten")
  void expiredTokens() {
    LocalCache c = new LocalCache(sized("books"), Duration.ofMillis(50));
    long t = c.issueFillToken();
    await().pollDelay(Duration.ofMillis(60)).until(() -> true);
    assertThat(c.fill("k", v("x"), 0, t)).isFalse();
  }

  @Test
  @DisplayName("entries expire with the Put's TTL, else the cache's")
  void ttl() {
    LocalCache c =
        new LocalCache(
            new CacheConfig("short", Strategy.LookAside, 100L, null, Duration.ofMillis(200)),
            WINDOW);
    c.write("own-ttl", v("x"), Duration.ofMillis(20).toNanos());
    c.write("cache-ttl", v("x"), 0);
    await().atMost(Duration.ofSeconds(2)).until(() -> c.get("own-ttl") == null);
    assertThat(c.get("cache-ttl")).isNotNull();
    await().atMost(Duration.ofSeconds(2)).until(() -> c.get("cache-ttl") == null);
  }

  @Test
  @DisplayName("maximumWeight bounds the bytes held, and with maximumSize too the count")
  void weight() {
    LocalCache c =
        new LocalCache(new CacheConfig("w", Strategy.LookAside, 50L, 64L * 1024, null), WINDOW);
    for (int i = 0; i < 1_000; i++) c.write("k" + i, ByteString.copyFrom(new byte[1_000]), 0);
    await().until(() -> c.statistics().weightedSize() <= 64 * 1024 && c.statistics().size() <= 50);
    assertThat(c.statistics().evictions()).isGreaterThan(900);

    LocalCache small =
        new LocalCache(new CacheConfig("s", Strategy.LookAside, 20L, 1L << 30, null), WINDOW);
    for (int i = 0; i < 100; i++) small.write("k" + i, v("x"), 0);
    await().until(() -> small.statistics().size() <= 20);
  }

  @Test
  @DisplayName("raced: a fill and an invalidation of one key never leave the stale value behind")
  void fillRacesInvalidation() throws Exception {
    AtomicInteger staleLeft = new AtomicInteger();
    for (int round = 0; round < 2_000; round++) {
      LocalCache c = cache();
      long token = c.issueFillToken();
      CyclicBarrier start = new CyclicBarrier(2);
      Thread filler =
          new Thread(
              () -> {
                arrive(start);
                c.fill("k", v("stale"), 0, token);
              });
      Thread invalidator =
          new Thread(
              () -> {
                arrive(start);
                c.invalidate("k");
              });
      filler.start();
      invalidator.start();
      filler.join();
      invalidator.join();
      // the invalidation came after the token: whichever ran first, the stale value must not
      // survive
      if (c.get("k") != null) staleLeft.incrementAndGet();
    }
    assertThat(staleLeft).hasValue(0);
  }

  @Test
  @DisplayName("raced: a fill and a clear never leave the stale value behind")
  void fillRacesClear() throws Exception {
    int staleLeft = 0;
    for (int round = 0; round < 2_000; round++) {
      LocalCache c = cache();
      for (int i = 0; i < 50; i++) c.write("other" + i, v("x"), 0);
      long token = c.issueFillToken();
      CyclicBarrier start = new CyclicBarrier(2);
      Thread filler =
          new Thread(
              () -> {
                arrive(start);
                c.fill("k", v("stale"), 0, token);
              });
      Thread clearer =
          new Thread(
              () -> {
                arrive(start);
                c.clear();
              });
      filler.start();
      clearer.start();
      filler.join();
      clearer.join();
      if (c.get("k") != null) staleLeft++;
    }
    assertThat(staleLeft).isZero();
  }

  @Test
  @DisplayName("invalidateAll drops every listed key")
  void invalidateMany() {
    LocalCache c = cache();
    for (String k : List.of("a", "b", "c")) c.write(k, v(k), 0);
    c.invalidateAll(List.of("a", "b"));
    assertThat(c.get("a")).isNull();
    assertThat(c.get("b")).isNull();
    assertThat(c.get("c")).isNotNull();
  }

  @Test
  @DisplayName(
      "keys of every form L1 holds (packed in 1 to 4 words, or kept as a String) take writes, fills, invalidations and ttls apart from each other")
  void everyKeyForm() {
    LocalCache c = cache();
    List<String> keys =
        List.of(
            "k",
            "k\u0000",
            "entry-0000001",
            "x".repeat(23),
            "x".repeat(31),
            "x".repeat(32),
            "\u03ba\u03bb\u03b5\u03b9\u03b4\u03af");
    for (String k : keys) c.write(k, v("w" + k), 0);
    for (String k : keys) assertThat(c.get(k).toStringUtf8()).isEqualTo("w" + k);
    for (String k : keys) {
      long token = c.issueFillToken();
      c.invalidate(k);
      assertThat(c.get(k)).as("invalidated %s", k).isNull();
      assertThat(c.fill(k, v("stale"), 0, token)).as("overtaken fill of %s", k).isFalse();
      assertThat(c.fill(k, v("f" + k), 5_000_000_000L, c.issueFillToken())).isTrue();
    }
    for (String k : keys) {
      assertThat(c.get(k).toStringUtf8()).isEqualTo("f" + k);
      assertThat(c.nanosToLive(k).orElseThrow()).isBetween(1L, 5_000_000_000L);
    }
    assertThat(c.statistics().size()).isEqualTo(keys.size());
  }

  private static void arrive(CyclicBarrier b) {
    try {
      b.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
