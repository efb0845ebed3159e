package io.cachesync.sidecar;

import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.StatsResponse;
import io.cachesync.sidecar.reload.ReloadOutcome;
import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Small verbs for the reload tests. */
final class Reloads {
  private Reloads() {}

  /** Waits until {@code s} has counted {@code n} reloads ending in {@code result}. */
  static ReloadOutcome awaitReloads(Sidecar s, Result result, long n) {
    await().atMost(Duration.ofSeconds(15)).until(() -> s.reloadStatus().count(result) >= n);
    return s.reloadStatus().last();
  }

  static StatsResponse stats(CacheServiceBlockingStub c, String cache) {
    return c.stats(StatsRequest.newBuilder().setCache(cache).build());
  }

  /** The status a call ends with: OK when it returns. */
  static Status.Code codeOf(Supplier<?> call) {
    try {
      call.get();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  /** A Watch stream's events and how it ended. */
  static final class WatchRecorder implements StreamObserver<CacheEvent> {
    final List<CacheEvent> events = new CopyOnWriteArrayList<>();
    volatile Throwable error;
    volatile boolean completed;

    @Override
    public void onNext(CacheEvent e) {
      events.add(e);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {
      completed = true;
    }

    boolean saw(CacheEvent.Kind kind) {
      return events.stream().anyMatch(e -> e.getKind() == kind);
    }
  }
}
