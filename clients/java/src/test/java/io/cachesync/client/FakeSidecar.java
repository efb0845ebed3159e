package io.cachesync.client;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.api.v1.PutResponse;
import io.cachesync.api.v1.SessionRequest;
import io.cachesync.api.v1.SessionResponse;
import io.cachesync.api.v1.WatchRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted CacheService on gRPC's in-process transport, for unit tests of one piece of the client
 * (races and retries a real sidecar cannot be made to hit on cue). The ITs use real ones.
 */
final class FakeSidecar extends CacheServiceGrpc.CacheServiceImplBase implements AutoCloseable {
  volatile Function<GetRequest, GetResponse> onGet =
      r -> GetResponse.newBuilder().setFillToken(7).build();
  volatile Function<PutRequest, PutResponse> onPut =
      r -> PutResponse.newBuilder().setApplied(true).build();
  final AtomicInteger gets = new AtomicInteger();
  final AtomicInteger puts = new AtomicInteger();
  private volatile StreamObserver<CacheEvent> watcher;

  /**
   * Session: null ends it UNIMPLEMENTED, as a sidecar older than Session does; otherwise the answer
   * to each request, none when it returns null.
   */
  volatile Function<SessionRequest, SessionResponse> onSession;

  final AtomicInteger sessions = new AtomicInteger();
  final AtomicInteger sessionRequests = new AtomicInteger();
  private volatile StreamObserver<SessionResponse> sessionOut;

  private final String name = "fake-" + System.nanoTime();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Server server;
  final ManagedChannel channel;

  FakeSidecar() throws IOException {
    server =
        InProcessServerBuilder.forName(name).executor(executor).addService(this).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** Pushes an event on the open Watch stream. */
  void emit(CacheEvent event) {
    watcher.onNext(event);
  }

  /** Ends the open Watch stream with an error, as a sidecar going away would. */
  void breakWatch(StatusRuntimeException e) {
    watcher.onError(e);
  }

  /** Answers on the open Session stream, later than its request. */
  void answerSession(SessionResponse answer) {
    StreamObserver<SessionResponse> out = sessionOut;
    synchronized (out) {
      out.onNext(answer);
    }
  }

  /** Ends the open Session stream with an error, as a sidecar going away would. */
  void breakSession(StatusRuntimeException e) {
    sessionOut.onError(e);
  }

  @Override
  public StreamObserver<SessionRequest> session(StreamObserver<SessionResponse> out) {
    if (onSession == null) return super.session(out);
    sessions.incrementAndGet();
    sessionOut = out;
    return new StreamObserver<>() {
      @Override
      public void onNext(SessionRequest request) {
        sessionRequests.incrementAndGet();
        Function<SessionRequest, SessionResponse> now = onSession; // as scripted at this request
        SessionResponse answer = now == null ? null : now.apply(request);
        if (answer == null) return;
        synchronized (out) {
          out.onNext(answer);
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        synchronized (out) {
          out.onCompleted();
        }
      }
    };
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> out) {
    gets.incrementAndGet();
    answer(out, () -> onGet.apply(request));
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> out) {
    puts.incrementAndGet();
    answer(out, () -> onPut.apply(request));
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<CacheEvent> out) {
    watcher = out;
    if (request.getAnnounce()) {
      out.onNext(CacheEvent.newBuilder().setKind(CacheEvent.Kind.SUBSCRIBED).build());
    }
  }

  private static <T> void answer(StreamObserver<T> out, java.util.function.Supplier<T> answer) {
    try {
      out.onNext(answer.get());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
