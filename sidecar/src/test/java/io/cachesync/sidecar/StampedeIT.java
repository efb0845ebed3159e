package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.testsupport.RedisServer;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The thundering herd: many concurrent misses of one key. */
class StampedeIT {

  @Test
  @DisplayName(
      "1,000 concurrent Gets of one missing key on each of 2 ReadThrough sidecars make exactly one Load per sidecar")
  void oneLoadPerSidecar() {
    try (RedisServer redis = RedisServer.start();
        TestStore store = new TestStore();
        SidecarFixture fixture = new SidecarFixture()) {
      store.put("hot", "row");
      store.holdLoads =
          new CountDownLatch(1); // every Get arrives while the first Load is in flight
      List<Sidecar> sidecars =
          fixture.start(
              2,
              redis.uri(),
              c ->
                  c.withLoader(LoaderConfig.at(store.target()))
                      .withCaches(
                          List.of(new CacheConfig("rt", Strategy.ReadThrough, null, null, null))));
      AtomicInteger found = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      for (Sidecar s : sidecars) {
        var client = fixture.asyncClient(s);
        for (int i = 0; i < 1_000; i++) {
          client.get(
              GetRequest.newBuilder().setCache("rt").setKey("hot").build(),
              new StreamObserver<GetResponse>() {
                public void onNext(GetResponse r) {
                  if (r.getFound() && r.getValue().toStringUtf8().equals("row"))
                    found.incrementAndGet();
                }

                public void onError(Throwable t) {
                  failed.incrementAndGet();
                }

                public void onCompleted() {}
              });
        }
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> store.loadsOf("hot") == 2);
      store.holdLoads.countDown();
      await().atMost(Duration.ofSeconds(30)).until(() -> found.get() + failed.get() == 2_000);
      assertThat(failed).hasValue(0);
      assertThat(found).hasValue(2_000);
      assertThat(store.loadsOf("hot")).isEqualTo(2);
    }
  }
}
