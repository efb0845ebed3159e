package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.sidecar.grpc.ServingGate.Phase;
import io.cachesync.sidecar.sync.SyncState;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  @Test
  @DisplayName("without L2, the first CONNECTED of the bus serves, and a later DEGRADED still does")
  void busAlone() {
    Readiness r = new Readiness(() -> null, false);
    assertThat(r.serving()).isFalse();
    assertThat(status(r)).isEqualTo(ServingStatus.NOT_SERVING);
    r.bus(SyncState.CONNECTING);
    assertThat(r.serving()).isFalse();
    r.bus(SyncState.CONNECTED);
    assertThat(r.serving()).isTrue();
    assertThat(status(r)).isEqualTo(ServingStatus.SERVING);
    r.bus(SyncState.DEGRADED);
    assertThat(r.serving()).as("reads are served from L1").isTrue();
  }

  @Test
  @DisplayName("with L2, serving waits for the data connection as well as the bus, in either order")
  void busAndData() {
    Readiness busFirst = new Readiness(() -> null, true);
    busFirst.bus(SyncState.CONNECTED);
    assertThat(busFirst.serving()).isFalse();
    assertThat(status(busFirst)).isEqualTo(ServingStatus.NOT_SERVING);
    busFirst.dataConnected();
    assertThat(busFirst.serving()).isTrue();
    assertThat(status(busFirst)).isEqualTo(ServingStatus.SERVING);

    Readiness dataFirst = new Readiness(() -> null, true);
    dataFirst.dataConnected();
    assertThat(dataFirst.serving()).isFalse();
    dataFirst.bus(SyncState.CONNECTED);
    assertThat(dataFirst.serving()).isTrue();
  }

  @Test
  @DisplayName("draining wins: nothing reported after it serves again")
  void drainingWins() {
    Readiness r = new Readiness(() -> null, true);
    r.bus(SyncState.CONNECTED);
    r.draining();
    r.dataConnected();
    assertThat(r.serving()).isFalse();
    assertThat(r.gate().phase()).isEqualTo(Phase.DRAINING);
    assertThat(status(r)).isEqualTo(ServingStatus.NOT_SERVING);

    Readiness serving = new Readiness(() -> null, false);
    serving.bus(SyncState.CONNECTED);
    serving.draining();
    serving.bus(SyncState.CONNECTED);
    assertThat(serving.gate().phase()).isEqualTo(Phase.DRAINING);
    assertThat(status(serving)).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  @DisplayName(
      "the bus and the data connection coming up at once, racing a drain: serving only if before it")
  void racesDrain() throws Exception {
    for (int i = 0; i < 200; i++) {
      Readiness r = new Readiness(() -> null, true);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (Runnable step :
          List.<Runnable>of(() -> r.bus(SyncState.CONNECTED), r::dataConnected, r::draining)) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  step.run();
                });
        t.start();
        threads.add(t);
      }
      go.countDown();
      for (Thread t : threads) t.join();
      assertThat(r.gate().phase()).isEqualTo(Phase.DRAINING);
      assertThat(status(r)).isEqualTo(ServingStatus.NOT_SERVING);
    }
  }

  /** What a gRPC health check of the cache service answers now. */
  private static ServingStatus status(Readiness r) {
    HealthCheckResponse[] answer = new HealthCheckResponse[1];
    CountDownLatch done = new CountDownLatch(1);
    ((HealthGrpc.HealthImplBase) r.healthService())
        .check(
            HealthCheckRequest.newBuilder().setService(Sidecar.SERVICE_NAME).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(HealthCheckResponse value) {
                answer[0] = value;
              }

              @Override
              public void onError(Throwable t) {
                done.countDown();
              }

              @Override
              public void onCompleted() {
                done.countDown();
              }
            });
    try {
      assertThat(done.await(1, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return answer[0].getStatus();
  }
}
