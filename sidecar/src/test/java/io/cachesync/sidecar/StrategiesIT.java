package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.DeleteRequest;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.MetricsConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.config.WriteBehindConfig;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each strategy end to end: two sidecars, a real Redis, and the application's store in the test.
 */
class StrategiesIT {
  RedisServer redis;
  TestStore store;
  SidecarFixture fixture;
  List<Sidecar> sidecars;
  CacheServiceBlockingStub a;
  CacheServiceBlockingStub b;

  static CacheConfig cache(String name, Strategy s, boolean l2) {
    return new CacheConfig(
        name,
        s,
        null,
        null,
        null,
        l2 ? L2Config.on() : L2Config.off(),
        new WriteBehindConfig(
            Duration.ofMillis(50), 0, Duration.ofSeconds(2), Duration.ofMillis(500)));
  }

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    store = new TestStore();
    fixture = new SidecarFixture();
    sidecars =
        fixture.start(
            2,
            redis.uri(),
            c ->
                c.withLoader(new LoaderConfig(store.target(), Duration.ofSeconds(2), 0, 1))
                    .withMetrics(new MetricsConfig("127.0.0.1", freePort()))
                    .withCaches(
                        List.of(
                            cache("rt", Strategy.ReadThrough, false),
                            cache("rt-l2", Strategy.ReadThrough, true),
                            cache("wt", Strategy.WriteThrough, true),
                            cache("wa", Strategy.WriteAround, true),
                            cache("wb", Strategy.WriteBehind, true),
                            cache("la-l2", Strategy.LookAside, true))));
    a = fixture.client(sidecars.get(0));
    b = fixture.client(sidecars.get(1));
  }

  @AfterEach
  void stop() {
    fixture.close();
    store.close();
    redis.close();
  }

  static int freePort() {
    try {
      return ServingSurfaceIT.freePort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void assertStatus(Runnable call, Status.Code code, String... parts) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(parts);
            });
  }

  String l2(String cache, String key) {
    String v =
        RedisCli.command(
            redis.host(),
            redis.port(),
            "GET",
            L2Config.defaultPrefix(fixture.channel(), cache) + key);
    return "(nil)".equals(v) || v.contains("cs-lease:") ? null : v; // a lease is no value
  }

  @Test
  @DisplayName(
      "ReadThrough: a miss loads from the store once, then hits; an absent row is found:false without a token")
  void readThrough() {
    store.put("k", "row");
    GetResponse first = get(a, "rt", "k");
    assertThat(first.getFound()).isTrue();
    assertThat(first.getValue().toStringUtf8()).isEqualTo("row");
    assertThat(hits(a, "rt", "k")).isTrue();
    assertThat(store.loadsOf("k")).isEqualTo(1);
    GetResponse absent = get(a, "rt", "nothing");
    assertThat(absent.getFound()).isFalse();
    assertThat(absent.getFillToken()).isZero();
  }

  @Test
  @DisplayName(
      "ReadThrough with L2: a second sidecar reads what the first loaded from L2, not from the store")
  void readThroughL2() {
    store.put("k", "row");
    assertThat(get(a, "rt-l2", "k").getValue().toStringUtf8()).isEqualTo("row");
    await().until(() -> "row".equals(l2("rt-l2", "k")));
    assertThat(get(b, "rt-l2", "k").getValue().toStringUtf8()).isEqualTo("row");
    assertThat(store.loadsOf("k")).isEqualTo(1);
    store.put("also", "row2");
    RedisCli.command(
        redis.host(),
        redis.port(),
        "SET",
        L2Config.defaultPrefix(fixture.channel(), "rt-l2") + "only-in-l2",
        "l2row");
    var many =
        b.getMany(
            GetManyRequest.newBuilder()
                .setCache("rt-l2")
                .addKeys("k")
                .addKeys("only-in-l2")
                .addKeys("also")
                .addKeys("absent")
                .build());
    assertThat(many.getValuesMap()).containsOnlyKeys("k", "only-in-l2", "also");
    assertThat(many.getValuesMap().get("only-in-l2").toStringUtf8()).isEqualTo("l2row");
    assertThat(store.loadsOf("only-in-l2")).as("found in L2, not loaded").isZero();
    assertThat(store.loadsOf("also")).isEqualTo(1);
    assertThat(many.getFillTokensMap()).isEmpty();
  }

  @Test
  @DisplayName(
      "a fill token on a ReadThrough cache is FAILED_PRECONDITION saying the sidecar loads itself")
  void noFillsOnReadThrough() {
    assertStatus(
        () ->
            a.put(
                PutRequest.newBuilder()
                    .setCache("rt")
                    .setKey("k")
                    .setValue(ByteString.copyFromUtf8("v"))
                    .setFillToken(99)
                    .build()),
        Status.Code.FAILED_PRECONDITION,
        "'rt' is ReadThrough",
        "Put without a fill_token");
  }

  @Test
  @DisplayName("the application's loader down: UNAVAILABLE naming the loader")
  void loaderDown() {
    String target = store.target();
    store.close();
    assertStatus(() -> get(a, "rt", "k"), Status.Code.UNAVAILABLE, "CacheLoader", target);
  }

  @Test
  @DisplayName("a loaded value that an invalidation overtook is returned but not installed")
  void overtakenLoad() throws Exception {
    store.put("k", "old");
    store.holdLoads = new CountDownLatch(1);
    var slowGet = fixture.asyncClient(sidecars.get(0));
    var result = new java.util.concurrent.CompletableFuture<GetResponse>();
    slowGet.get(
        io.cachesync.api.v1.GetRequest.newBuilder().setCache("rt").setKey("k").build(),
        observer(result));
    await().until(() -> store.loadsOf("k") == 1);
    store.put("k", "new");
    b.invalidate(InvalidateRequest.newBuilder().setCache("rt").addKeys("k").build());
    await()
        .until(() -> sidecars.get(0).caches().find("rt").statistics().invalidationsReceived() == 1);
    store.holdLoads.countDown();
    store.holdLoads = null;
    assertThat(result.get().getValue().toStringUtf8()).isEqualTo("old");
    assertThat(sidecars.get(0).caches().find("rt").get("k"))
        .as("the overtaken value is not cached")
        .isNull();
    assertThat(get(a, "rt", "k").getValue().toStringUtf8()).isEqualTo("new");
  }

  @Test
  @DisplayName(
      "WriteThrough: Store first, then L2 (emptied), L1 and peers; a failed Store changes nothing and returns its error")
  void writeThrough() {
    store.put("k", "v1");
    assertThat(get(a, "wt", "k").getValue().toStringUtf8()).isEqualTo("v1");
    assertThat(get(b, "wt", "k").getValue().toStringUtf8()).isEqualTo("v1");

    assertThat(write(a, "wt", "k", "v2")).isTrue();
    assertThat(store.row("k")).isEqualTo("v2");
    assertThat(l2("wt", "k")).as("a write empties L2; the next load fills it").isNull();
    await()
        .until(
            () -> !hits(b, "wt", "k") || get(b, "wt", "k").getValue().toStringUtf8().equals("v2"));
    assertThat(get(b, "wt", "k").getValue().toStringUtf8()).isEqualTo("v2");

    store.failStores.set(1);
    assertStatus(() -> write(a, "wt", "k", "v3"), Status.Code.INTERNAL, "read-only");
    assertThat(store.row("k")).isEqualTo("v2");
    assertThat(get(a, "wt", "k").getValue().toStringUtf8()).isEqualTo("v2");
    assertThat(get(b, "wt", "k").getValue().toStringUtf8()).isEqualTo("v2");

    a.delete(DeleteRequest.newBuilder().setCache("wt").addKeys("k").build());
    assertThat(store.row("k")).isNull();
    assertThat(l2("wt", "k")).isNull();
    await().until(() -> !get(b, "wt", "k").getFound());
  }

  @Test
  @DisplayName(
      "WriteAround: Store, then dropped everywhere; the next read loads the stored value; a failed Store changes nothing")
  void writeAround() {
    store.put("k", "v1");
    assertThat(get(a, "wa", "k").getValue().toStringUtf8()).isEqualTo("v1");
    assertThat(get(b, "wa", "k").getValue().toStringUtf8()).isEqualTo("v1");
    assertThat(write(a, "wa", "k", "v2")).isTrue();
    assertThat(store.row("k")).isEqualTo("v2");
    assertThat(sidecars.get(0).caches().find("wa").get("k")).isNull();
    assertThat(l2("wa", "k")).isNull();
    await().until(() -> sidecars.get(1).caches().find("wa").get("k") == null);
    assertThat(get(b, "wa", "k").getValue().toStringUtf8()).isEqualTo("v2");

    store.failStores.set(1);
    assertStatus(() -> write(a, "wa", "k", "v3"), Status.Code.INTERNAL, "read-only");
    assertThat(store.row("k")).isEqualTo("v2");
    assertThat(get(b, "wa", "k").getValue().toStringUtf8()).isEqualTo("v2");
  }

  @Test
  @DisplayName(
      "WriteBehind: a Put lands in L1 and L2 at once and reaches Store later; a failing Store is retried until it succeeds")
  void writeBehind() {
    store.failStores.set(2);
    assertThat(write(a, "wb", "k", "v1")).isTrue();
    assertThat(get(a, "wb", "k").getValue().toStringUtf8()).isEqualTo("v1");
    assertThat(l2("wb", "k")).isEqualTo("v1");
    assertThat(get(b, "wb", "k").getValue().toStringUtf8())
        .as("a peer reads the unflushed write from L2")
        .isEqualTo("v1");
    await().atMost(Duration.ofSeconds(15)).until(() -> "v1".equals(store.row("k")));
    assertThat(store.storeCalls.get()).isGreaterThanOrEqualTo(3);

    a.delete(DeleteRequest.newBuilder().setCache("wb").addKeys("k").build());
    await().atMost(Duration.ofSeconds(15)).until(() -> store.row("k") == null);
    assertThat(store.stored).anyMatch(e -> e.getKey().equals("k") && e.getDelete());
    await()
        .untilAsserted(
            () ->
                assertThat(ServingSurfaceIT.http(sidecars.get(0).metricsPort(), "/metrics"))
                    .contains(
                        "cachesync_write_behind_queue_depth{cache=\"wb\"}",
                        "cachesync_write_behind_flush_lag_seconds{cache=\"wb\"}"));
  }

  @Test
  @DisplayName(
      "LookAside with L2: a write empties L2 for peers; a fill lands there only while its miss's lease holds")
  void lookAsideL2() {
    GetResponse first = get(a, "la-l2", "k");
    assertThat(SidecarFixture.fill(a, "la-l2", "k", "v0", first.getFillToken())).isTrue();
    assertThat(l2("la-l2", "k")).isEqualTo("v0");
    assertThat(write(a, "la-l2", "k", "v1")).isTrue();
    assertThat(l2("la-l2", "k")).isNull();
    GetResponse peerMiss = get(b, "la-l2", "k");
    assertThat(peerMiss.getFound()).as("the peer's copy is gone and L2 has none").isFalse();
    assertThat(SidecarFixture.fill(b, "la-l2", "k", "v1", peerMiss.getFillToken())).isTrue();
    assertThat(l2("la-l2", "k")).isEqualTo("v1");

    GetResponse miss = get(a, "la-l2", "other");
    assertThat(miss.getFound()).isFalse();
    RedisCli.command(
        redis.host(),
        redis.port(),
        "SET",
        L2Config.defaultPrefix(fixture.channel(), "la-l2") + "other",
        "newer");
    assertThat(SidecarFixture.fill(a, "la-l2", "other", "older", miss.getFillToken())).isTrue();
    assertThat(l2("la-l2", "other")).as("a fill never overwrites L2").isEqualTo("newer");
  }

  static <T> io.grpc.stub.StreamObserver<T> observer(java.util.concurrent.CompletableFuture<T> f) {
    return new io.grpc.stub.StreamObserver<>() {
      public void onNext(T v) {
        f.complete(v);
      }

      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      public void onCompleted() {}
    };
  }
}
