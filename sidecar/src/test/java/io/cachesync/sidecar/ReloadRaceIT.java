package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import io.cachesync.testsupport.RedisServer;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Requests racing the reloads that replace the cache they are using. */
class ReloadRaceIT {

  /** Two configs of books that differ in what forces a rebuild: l2, and the kind of bound. */
  static List<SidecarConfig> flipping(SidecarConfig base) {
    CacheConfig plain = new CacheConfig("books", Strategy.LookAside, 1000L, null, null);
    CacheConfig other =
        new CacheConfig("books", Strategy.LookAside, null, 1L << 20, null, L2Config.on(), null);
    return List.of(base.withCaches(List.of(plain)), base.withCaches(List.of(other)));
  }

  @Test
  @DisplayName(
      "Gets, fills, writes and invalidations racing 20 rebuilds of their cache all succeed, and"
          + " the rebuilt cache still hears its peer")
  void requestsRacingRebuilds() throws Exception {
    try (RedisServer redis = RedisServer.start();
        SidecarFixture fixture = new SidecarFixture()) {
      List<Sidecar> sidecars = fixture.start(2, redis.uri());
      Sidecar a = sidecars.get(0);
      List<SidecarConfig> configs = flipping(a.config());
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong calls = new AtomicLong();
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        CacheServiceBlockingStub c = fixture.client(a);
        Thread thread =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    try {
                      oneCall(c);
                      calls.incrementAndGet();
                    } catch (StatusRuntimeException e) {
                      failures.add(e);
                    }
                  }
                },
                "race-client-" + t);
        thread.start();
        clients.add(thread);
      }
      try {
        for (int i = 0; i < 20; i++) {
          long before = calls.get();
          assertThat(a.reload(configs.get((i + 1) % 2)).result()).isEqualTo(Result.APPLIED);
          await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() > before + 20);
        }
      } finally {
        stop.set(true);
        for (Thread t : clients) t.join(10_000);
      }
      assertThat(failures).isEmpty();
      assertThat(a.reloadStatus().count(Result.APPLIED)).isEqualTo(20);

      CacheServiceBlockingStub ca = fixture.client(a);
      a.caches().find("books").invalidate("probe");
      assertThat(missThenFill(ca, "books", "probe", "v1")).isTrue();
      assertThat(write(fixture.client(sidecars.get(1)), "books", "probe", "v2")).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> !hits(ca, "books", "probe"));
    }
  }

  /** One call as an application makes it: a Get and its fill, a write, or an invalidation. */
  private static void oneCall(CacheServiceBlockingStub c) {
    String key = "k" + ThreadLocalRandom.current().nextInt(50);
    switch (ThreadLocalRandom.current().nextInt(3)) {
      case 0 -> {
        GetResponse r = c.get(GetRequest.newBuilder().setCache("books").setKey(key).build());
        if (!r.getFound()) {
          c.put(
              PutRequest.newBuilder()
                  .setCache("books")
                  .setKey(key)
                  .setValue(ByteString.copyFromUtf8("filled"))
                  .setFillToken(r.getFillToken())
                  .build());
        }
      }
      case 1 ->
          c.put(
              PutRequest.newBuilder()
                  .setCache("books")
                  .setKey(key)
                  .setValue(ByteString.copyFromUtf8("written"))
                  .build());
      default ->
          c.invalidate(InvalidateRequest.newBuilder().setCache("books").addKeys(key).build());
    }
  }

  @Test
  @DisplayName(
      "a Load in flight when a reload replaces the loader settings still answers, and the cache"
          + " loads through the new settings after it")
  void loadInFlightAcrossLoaderChange() throws Exception {
    try (RedisServer redis = RedisServer.start();
        TestStore store = new TestStore();
        SidecarFixture fixture = new SidecarFixture()) {
      store.rows.put("k", ByteString.copyFromUtf8("row"));
      LoaderConfig loader = new LoaderConfig(store.target(), Duration.ofSeconds(20), 0, 0);
      Sidecar a =
          fixture
              .start(
                  1,
                  redis.uri(),
                  c ->
                      c.withLoader(loader)
                          .withCaches(
                              List.of(
                                  new CacheConfig(
                                      "books", Strategy.ReadThrough, null, null, null))))
              .get(0);
      store.holdLoads = new CountDownLatch(1);
      CompletableFuture<GetResponse> inFlight = new CompletableFuture<>();
      fixture
          .asyncClient(a)
          .get(GetRequest.newBuilder().setCache("books").setKey("k").build(), into(inFlight));
      await().until(() -> store.loads.containsKey("k"));

      SidecarConfig next =
          a.config().withLoader(new LoaderConfig(store.target(), Duration.ofSeconds(5), 8, 1));
      CompletableFuture<Result> reload =
          CompletableFuture.supplyAsync(() -> a.reload(next).result());
      // the reload waits for the old client's calls; meanwhile the new client serves
      store.rows.put("other", ByteString.copyFromUtf8("row2"));
      await().atMost(Duration.ofSeconds(10)).until(() -> a.config().loader().maxConcurrency() == 8);
      store.holdLoads.countDown();

      assertThat(inFlight.get(10, TimeUnit.SECONDS).getValue().toStringUtf8()).isEqualTo("row");
      assertThat(reload.get(10, TimeUnit.SECONDS)).isEqualTo(Result.APPLIED);
      assertThat(
              fixture
                  .client(a)
                  .get(GetRequest.newBuilder().setCache("books").setKey("other").build())
                  .getValue()
                  .toStringUtf8())
          .isEqualTo("row2");
    }
  }

  private static <T> StreamObserver<T> into(CompletableFuture<T> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
