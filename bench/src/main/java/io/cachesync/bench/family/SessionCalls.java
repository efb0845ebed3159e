package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.SessionRequest;
import io.cachesync.api.v1.SessionResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gets on one Session stream, as a client library would make them: each call takes an id and a
 * future its answer completes. Requests are written under a lock (a stream's observer is not
 * thread-safe); answers complete on the transport's thread.
 */
final class SessionCalls implements AutoCloseable {
  private final Map<Long, CompletableFuture<SessionResponse>> waiting = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final StreamObserver<SessionRequest> requests;
  private volatile Throwable broken;

  SessionCalls(ManagedChannel channel) {
    requests =
        CacheServiceGrpc.newStub(channel)
            .session(
                new StreamObserver<>() {
                  @Override
                  public void onNext(SessionResponse r) {
                    CompletableFuture<SessionResponse> f = waiting.remove(r.getId());
                    if (f != null) f.complete(r);
                  }

                  @Override
                  public void onError(Throwable t) {
                    fail(t);
                  }

                  @Override
                  public void onCompleted() {
                    fail(new IllegalStateException("the session ended"));
                  }
                });
  }

  CompletableFuture<SessionResponse> get(GetRequest get) {
    long id = ids.incrementAndGet();
    CompletableFuture<SessionResponse> answer = new CompletableFuture<>();
    waiting.put(id, answer);
    Throwable t = broken;
    if (t != null) {
      waiting.remove(id);
      answer.completeExceptionally(t);
      return answer;
    }
    synchronized (this) {
      requests.onNext(SessionRequest.newBuilder().setId(id).setGet(get).build());
    }
    return answer;
  }

  private void fail(Throwable t) {
    broken = t;
    waiting.values().forEach(f -> f.completeExceptionally(t));
    waiting.clear();
  }

  @Override
  public synchronized void close() {
    requests.onCompleted();
  }
}
