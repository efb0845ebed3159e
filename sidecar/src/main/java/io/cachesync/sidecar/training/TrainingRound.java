package io.cachesync.sidecar.training;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.DeleteRequest;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateAllRequest;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.api.v1.SessionRequest;
import io.cachesync.api.v1.SessionResponse;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.WatchRequest;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One fixed round of calls through the public API, as an application and a kubelet make them, so
 * the serving path's classes are loaded when the archive is written. Without Redis the sidecar
 * answers UNAVAILABLE (not ready): those calls still load the server's side up to the refusal, and
 * their failures are expected, so each call's outcome is only counted.
 */
final class TrainingRound {
  static final Duration CALL_DEADLINE = Duration.ofSeconds(2);

  private final Channel channel;
  private int answered;
  private int refused;

  TrainingRound(Channel channel) {
    this.channel = channel;
  }

  /** Calls every RPC on each cache; returns "N answered, M refused". */
  String run(List<String> caches, int metricsPort) throws InterruptedException {
    call(() -> health().check(HealthCheckRequest.getDefaultInstance()));
    for (String cache : caches) {
      for (int i = 0; i < 3; i++) oneCache(cache, "k" + i);
      call(
          () ->
              stub()
                  .getMany(
                      GetManyRequest.newBuilder()
                          .setCache(cache)
                          .addKeys("k0")
                          .addKeys("k1")
                          .addKeys("absent")
                          .build()));
      call(() -> stub().stats(StatsRequest.newBuilder().setCache(cache).build()));
      call(() -> stub().delete(DeleteRequest.newBuilder().setCache(cache).addKeys("k2").build()));
      call(() -> stub().invalidateAll(InvalidateAllRequest.newBuilder().setCache(cache).build()));
      watch(cache);
      session(cache);
    }
    call(() -> stub().get(GetRequest.newBuilder().setCache("no-such-cache").setKey("k").build()));
    call(() -> stub().get(GetRequest.newBuilder().setCache(caches.get(0)).setKey("").build()));
    if (metricsPort > 0) {
      for (String path : List.of("/metrics", "/health")) scrape(metricsPort, path);
    }
    return answered + " answered, " + refused + " refused";
  }

  /** A miss, a fill with its token, a hit, a write, and an invalidation of one key. */
  private void oneCache(String cache, String key) {
    GetResponse miss =
        call(() -> stub().get(GetRequest.newBuilder().setCache(cache).setKey(key).build()));
    long token = miss == null ? 0 : miss.getFillToken();
    ByteString value = ByteString.copyFromUtf8("value of " + key);
    call(
        () ->
            stub()
                .put(
                    PutRequest.newBuilder()
                        .setCache(cache)
                        .setKey(key)
                        .setValue(value)
                        .setFillToken(token)
                        .build()));
    call(() -> stub().get(GetRequest.newBuilder().setCache(cache).setKey(key).build()));
    call(
        () ->
            stub()
                .put(
                    PutRequest.newBuilder()
                        .setCache(cache)
                        .setKey(key)
                        .setValue(value)
                        .setTtl(com.google.protobuf.Duration.newBuilder().setSeconds(60))
                        .build()));
    call(
        () ->
            stub().invalidate(InvalidateRequest.newBuilder().setCache(cache).addKeys(key).build()));
  }

  /** A Watch opened, held until the sidecar answers or refuses, then cancelled by the client. */
  private void watch(String cache) throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    Context.CancellableContext context = Context.current().withCancellation();
    context.run(
        () ->
            CacheServiceGrpc.newStub(channel)
                .watch(
                    WatchRequest.newBuilder().setCache(cache).build(),
                    new StreamObserver<CacheEvent>() {
                      @Override
                      public void onNext(CacheEvent event) {}

                      @Override
                      public void onError(Throwable t) {
                        ended.countDown();
                      }

                      @Override
                      public void onCompleted() {
                        ended.countDown();
                      }
                    }));
    // a Watch that stays open was accepted; one refused ends at once
    if (ended.await(200, TimeUnit.MILLISECONDS)) refused++;
    else answered++;
    context.cancel(null);
  }

  /** A Session with a Get and a GetMany pipelined, closed by the client. */
  private void session(String cache) throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    int[] answers = {0};
    StreamObserver<SessionRequest> requests =
        CacheServiceGrpc.newStub(channel)
            .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
            .session(
                new StreamObserver<SessionResponse>() {
                  @Override
                  public void onNext(SessionResponse r) {
                    answers[0]++;
                  }

                  @Override
                  public void onError(Throwable t) {
                    ended.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    ended.countDown();
                  }
                });
    requests.onNext(
        SessionRequest.newBuilder()
            .setId(1)
            .setGet(GetRequest.newBuilder().setCache(cache).setKey("k0"))
            .build());
    requests.onNext(
        SessionRequest.newBuilder()
            .setId(2)
            .setGetMany(GetManyRequest.newBuilder().setCache(cache).addKeys("k0").addKeys("k1"))
            .build());
    requests.onCompleted();
    ended.await(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    if (answers[0] > 0) answered++;
    else refused++;
  }

  /** An HTTP GET on the metrics port as a plain socket: no HTTP client the sidecar never uses. */
  private void scrape(int port, String path) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), (int) CALL_DEADLINE.toMillis());
      s.setSoTimeout((int) CALL_DEADLINE.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      in.readAllBytes();
      answered++;
    } catch (IOException e) {
      refused++;
    }
  }

  private CacheServiceGrpc.CacheServiceBlockingStub stub() {
    return CacheServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private HealthGrpc.HealthBlockingStub health() {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T call(java.util.function.Supplier<T> rpc) {
    try {
      T answer = rpc.get();
      answered++;
      return answer;
    } catch (StatusRuntimeException expected) {
      refused++;
      return null;
    }
  }
}
