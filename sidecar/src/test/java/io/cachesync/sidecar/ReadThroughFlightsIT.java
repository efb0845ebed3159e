package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Single flight never hands a request the answer of a load that an invalidation overtook. */
class ReadThroughFlightsIT {
  RedisServer redis;
  TestStore store;
  SidecarFixture fixture;
  List<Sidecar> sidecars;

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
                c.withLoader(new LoaderConfig(store.target(), Duration.ofSeconds(10), 0, 4))
                    .withCaches(
                        List.of(new CacheConfig("rt", Strategy.ReadThrough, null, null, null))));
  }

  @AfterEach
  void stop() {
    fixture.close();
    store.close();
    redis.close();
  }

  @Test
  @DisplayName(
      "a Get that starts after its key was invalidated by a peer does not join the load begun before; it loads anew")
  void noJoiningOvertakenLoads() throws Exception {
    store.put("k", "old");
    store.holdLoads = new CountDownLatch(1);
    var client = fixture.asyncClient(sidecars.get(0));
    CompletableFuture<GetResponse> before = new CompletableFuture<>();
    client.get(
        GetRequest.newBuilder().setCache("rt").setKey("k").build(), StrategiesIT.observer(before));
    await().until(() -> store.loadsOf("k") == 1); // the load read "old" and waits

    store.put("k", "new");
    fixture
        .client(sidecars.get(1))
        .invalidate(InvalidateRequest.newBuilder().setCache("rt").addKeys("k").build());
    await()
        .until(() -> sidecars.get(0).caches().find("rt").statistics().invalidationsReceived() == 1);

    CompletableFuture<GetResponse> after = new CompletableFuture<>();
    client.get(
        GetRequest.newBuilder().setCache("rt").setKey("k").build(), StrategiesIT.observer(after));
    await().until(() -> store.loadsOf("k") == 2);
    store.holdLoads.countDown();

    assertThat(after.get(10, TimeUnit.SECONDS).getValue().toStringUtf8()).isEqualTo("new");
    assertThat(before.get(10, TimeUnit.SECONDS).getValue().toStringUtf8())
        .as("the request from before the invalidation may have the old row")
        .isEqualTo("old");
  }

  @Test
  @DisplayName(
      "a load whose first caller gave up (cancelled its call) still answers the callers that joined it")
  void firstCallerGivesUp() throws Exception {
    store.put("k", "row");
    store.holdLoads = new CountDownLatch(1);
    var client = fixture.asyncClient(sidecars.get(0));
    io.grpc.Context.CancellableContext first = io.grpc.Context.current().withCancellation();
    CompletableFuture<GetResponse> gaveUp = new CompletableFuture<>();
    first.run(
        () ->
            client.get(
                GetRequest.newBuilder().setCache("rt").setKey("k").build(),
                StrategiesIT.observer(gaveUp)));
    await().until(() -> store.loadsOf("k") == 1);
    CompletableFuture<GetResponse> joined = new CompletableFuture<>();
    client.get(
        GetRequest.newBuilder().setCache("rt").setKey("k").build(), StrategiesIT.observer(joined));
    first.cancel(null);
    await().until(gaveUp::isCompletedExceptionally);
    store.holdLoads.countDown();

    assertThat(joined.get(10, TimeUnit.SECONDS).getValue().toStringUtf8()).isEqualTo("row");
    assertThat(store.loadsOf("k")).as("one load served both").isEqualTo(1);
  }
}
