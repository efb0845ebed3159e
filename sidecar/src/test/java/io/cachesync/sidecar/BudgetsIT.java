package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.api.v1.WatchRequest;
import io.cachesync.sidecar.config.LimitsConfig;
import io.cachesync.sidecar.config.MetricsConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.testsupport.RedisServer;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each memory budget, when hit, answers RESOURCE_EXHAUSTED with a message a person can act on. */
class BudgetsIT {
  static RedisServer redis;
  static SidecarFixture fixture;
  static Sidecar writer;
  static Sidecar reader;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    writer = fixture.start(1, redis.uri(), BudgetsIT::smallBudgets).get(0);
    reader = fixture.start(1, redis.uri(), BudgetsIT::smallBudgets).get(0);
  }

  @AfterAll
  static void stop() {
    fixture.close();
    redis.close();
  }

  /** Small budgets, and /metrics on a port of its own. */
  static SidecarConfig smallBudgets(SidecarConfig c) {
    try {
      return c.withLimits(
              new LimitsConfig(0, 0, null, null, 2, 64 * 1024, 8 * 1024, c.limits().heapBytes()))
          .withMetrics(new MetricsConfig("127.0.0.1", io.cachesync.testsupport.FreePort.pick()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String metric(Sidecar s, String limit) throws Exception {
    return ReloadReportingIT.http(s.metricsPort(), "/metrics")
        .lines()
        .filter(l -> l.startsWith("cachesync_budget_hits_total{limit=\"" + limit + "\"}"))
        .findFirst()
        .orElse("");
  }

  static void put(CacheServiceBlockingStub client, String key, int bytes) {
    client.put(
        PutRequest.newBuilder()
            .setCache("books")
            .setKey(key)
            .setValue(ByteString.copyFrom(new byte[bytes]))
            .build());
  }

  @Test
  @DisplayName(
      "a GetMany answer over limits.maxResponseBytes is RESOURCE_EXHAUSTED saying to ask for fewer keys")
  void getManyTooLarge() throws Exception {
    CacheServiceBlockingStub client = fixture.client(writer);
    for (String k : List.of("big1", "big2", "big3")) put(client, k, 3 * 1024);
    assertThatThrownBy(
            () ->
                client.getMany(
                    GetManyRequest.newBuilder()
                        .setCache("books")
                        .addAllKeys(List.of("big1", "big2", "big3"))
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription())
                  .contains("over the limit of 8192 (limits.maxResponseBytes)")
                  .contains("ask for fewer keys per call");
            });
    assertThat(
            client
                .getMany(
                    GetManyRequest.newBuilder()
                        .setCache("books")
                        .addAllKeys(List.of("big1", "big2"))
                        .build())
                .getValuesCount())
        .isEqualTo(2);
    assertThat(metric(writer, "limits.maxResponseBytes")).endsWith(" 1.0");
  }

  @Test
  @DisplayName(
      "past limits.maxWatchStreams a Watch is RESOURCE_EXHAUSTED saying what to do; a closed one makes room")
  void tooManyWatches() throws Exception {
    Context.CancellableContext first = Context.current().withCancellation();
    Context.CancellableContext second = Context.current().withCancellation();
    List<CacheEvent> ignored = new CopyOnWriteArrayList<>();
    first.run(
        () -> fixture.asyncClient(reader).watch(all(), SyncAcrossSidecarsIT.collect(ignored)));
    second.run(
        () -> fixture.asyncClient(reader).watch(all(), SyncAcrossSidecarsIT.collect(ignored)));
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.watchCount() == 2);

    AtomicReference<Throwable> refused = new AtomicReference<>();
    fixture.asyncClient(reader).watch(all(), errorsInto(refused));
    await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() != null);
    Status status = Status.fromThrowable(refused.get());
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription())
        .contains("already has 2 Watch streams open (limits.maxWatchStreams)")
        .contains("close the streams you no longer read");
    assertThat(metric(reader, "limits.maxWatchStreams")).endsWith(" 1.0");

    first.cancel(null);
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.watchCount() == 1);
    AtomicReference<Throwable> third = new AtomicReference<>();
    Context.CancellableContext again = Context.current().withCancellation();
    again.run(() -> fixture.asyncClient(reader).watch(all(), errorsInto(third)));
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.watchCount() == 2);
    assertThat(third.get()).isNull();
    second.cancel(null);
    again.cancel(null);
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.watchCount() == 0);
  }

  @Test
  @DisplayName(
      "a Watch whose client stops reading is cut once its unread events pass limits.maxWatchBacklogBytes, long before 10,000 events")
  void watchBacklogInBytes() throws Exception {
    AtomicReference<ClientCallStreamObserver<WatchRequest>> call = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    List<CacheEvent> received = new CopyOnWriteArrayList<>();
    fixture
        .asyncClient(reader)
        .watch(
            WatchRequest.newBuilder().setCache("books").build(),
            new ClientResponseObserver<WatchRequest, CacheEvent>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<WatchRequest> stream) {
                stream.disableAutoRequestWithInitial(0); // a client that reads nothing
                call.set(stream);
              }

              @Override
              public void onNext(CacheEvent value) {
                received.add(value);
              }

              @Override
              public void onError(Throwable t) {
                error.set(t);
              }

              @Override
              public void onCompleted() {}
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.watchCount() == 1);

    CacheServiceBlockingStub client = fixture.client(writer);
    String longKey = "k".repeat(4000);
    int writes = 0;
    // the transport takes about a flow-control window (1 MiB) before the stream stops being ready
    while (reader.watchCount() > 0 && writes < 2_000) {
      put(client, longKey + writes, 1);
      writes++;
    }
    int cutAfter = writes;
    await().atMost(Duration.ofSeconds(10)).until(() -> reader.watchCount() == 0);
    assertThat(cutAfter).as("cut by bytes, not by the 10,000-event bound").isLessThan(2_000);

    call.get().request(Integer.MAX_VALUE); // read what was sent, then the status
    await().atMost(Duration.ofSeconds(10)).until(() -> error.get() != null);
    Status status = Status.fromThrowable(error.get());
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription())
        .contains("over the limit of 10000 events or 65536 bytes (limits.maxWatchBacklogBytes)")
        .contains("read events as they come");
    assertThat(metric(reader, "limits.maxWatchBacklogBytes")).endsWith(" 1.0");
  }

  static WatchRequest all() {
    return WatchRequest.getDefaultInstance();
  }

  static StreamObserver<CacheEvent> errorsInto(AtomicReference<Throwable> error) {
    return new StreamObserver<>() {
      @Override
      public void onNext(CacheEvent value) {}

      @Override
      public void onError(Throwable t) {
        error.set(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
