package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceStub;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.InvalidateResponse;
import io.cachesync.testsupport.RedisServer;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Coalescing under load, without delaying a lone invalidation. */
class BusBatchingIT {

  @Test
  @DisplayName(
      "a lone invalidation leaves in a frame of its own; a burst is coalesced into far fewer frames, none lost")
  void batching() throws Exception {
    try (RedisServer redis = RedisServer.start();
        SidecarFixture fixture = new SidecarFixture()) {
      List<Sidecar> s = fixture.start(2, redis.uri());
      Sidecar sender = s.get(0);
      Sidecar receiver = s.get(1);
      var blocking = fixture.client(sender);

      blocking.invalidate(InvalidateRequest.newBuilder().setCache("books").addKeys("lone").build());
      // the call returned once its frame was on the channel: nothing waited for company
      assertThat(sender.bus().counters().framesPublished()).isEqualTo(1);

      int burst = 5_000;
      CacheServiceStub async = fixture.asyncClient(sender);
      AtomicInteger answered = new AtomicInteger();
      for (int i = 0; i < burst; i++) {
        async.invalidate(
            InvalidateRequest.newBuilder().setCache("books").addKeys("k" + i).build(),
            new StreamObserver<InvalidateResponse>() {
              public void onNext(InvalidateResponse r) {}

              public void onError(Throwable t) {}

              public void onCompleted() {
                answered.incrementAndGet();
              }
            });
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() == burst);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  receiver.caches().find("books").statistics().invalidationsReceived()
                      == burst + 1);
      long frames = sender.bus().counters().framesPublished() - 1;
      assertThat(frames).as("frames for %d invalidations", burst).isLessThan(burst / 2);
      assertThat(receiver.bus().counters().gaps()).isZero();
    }
  }
}
