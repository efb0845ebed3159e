package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.api.v1.SessionRequest;
import io.cachesync.api.v1.SessionResponse;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.testsupport.RedisServer;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Session RPC on a real sidecar over TCP: reads pipelined on one stream, answered by id. */
class SessionIT {
  static RedisServer redis;
  static SidecarFixture fixture;
  static Sidecar sidecar;
  static CacheServiceBlockingStub client;
  static CacheServiceGrpc.CacheServiceStub async;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    sidecar = fixture.start(1, redis.uri()).get(0);
    client = fixture.client(sidecar);
    async = fixture.asyncClient(sidecar);
  }

  @AfterAll
  static void stop() {
    fixture.close();
    redis.close();
  }

  /** Collects a session's answers by id; the stream's end or error too. */
  static final class Answers implements ClientResponseObserver<SessionRequest, SessionResponse> {
    final Map<Long, SessionResponse> byId = new ConcurrentHashMap<>();
    final AtomicBoolean duplicate = new AtomicBoolean();
    final CountDownLatch ended = new CountDownLatch(1);
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final int initialReads;
    volatile ClientCallStreamObserver<SessionRequest> stream;

    Answers(int initialReads) {
      this.initialReads = initialReads;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SessionRequest> requestStream) {
      stream = requestStream;
      if (initialReads >= 0) requestStream.disableAutoRequestWithInitial(initialReads);
    }

    @Override
    public void onNext(SessionResponse r) {
      if (byId.put(r.getId(), r) != null) duplicate.set(true);
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      ended.countDown();
    }

    @Override
    public void onCompleted() {
      ended.countDown();
    }
  }

  static SessionRequest get(long id, String cache, String key) {
    return SessionRequest.newBuilder()
        .setId(id)
        .setGet(GetRequest.newBuilder().setCache(cache).setKey(key))
        .build();
  }

  @Test
  @DisplayName(
      "hits, misses with their fill tokens and GetMany, 1,000 reads pipelined: each answered once,"
          + " under its id; the stream ends after the last answer once the client is done")
  void answersEveryReadById() throws Exception {
    for (int i = 0; i < 10; i++) SidecarFixture.write(client, "books", "s-hit-" + i, "v" + i);
    Answers answers = new Answers(-1);
    var requests = async.session(answers);
    int n = 1_000;
    for (int i = 0; i < n; i++) {
      requests.onNext(
          i % 2 == 0 ? get(i, "books", "s-hit-" + (i % 10)) : get(i, "books", "s-miss-" + i));
    }
    requests.onNext(
        SessionRequest.newBuilder()
            .setId(n)
            .setGetMany(
                GetManyRequest.newBuilder()
                    .setCache("books")
                    .addAllKeys(List.of("s-hit-1", "s-hit-2", "s-nothing")))
            .build());
    requests.onCompleted();

    assertThat(answers.ended.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(answers.error.get()).isNull();
    assertThat(answers.duplicate).isFalse();
    assertThat(answers.byId).hasSize(n + 1);
    for (int i = 0; i < n; i++) {
      SessionResponse r = answers.byId.get((long) i);
      if (i % 2 == 0) {
        assertThat(r.getGet().getFound()).as("read %d", i).isTrue();
        assertThat(r.getGet().getValue().toStringUtf8()).isEqualTo("v" + (i % 10));
      } else {
        assertThat(r.getGet().getFound()).as("read %d", i).isFalse();
        assertThat(r.getGet().getFillToken()).as("read %d", i).isNotZero();
      }
    }
    assertThat(answers.byId.get((long) n).getGetMany().getValuesMap())
        .containsOnlyKeys("s-hit-1", "s-hit-2");
    assertThat(answers.byId.get((long) n).getGetMany().getFillTokensMap())
        .containsOnlyKeys("s-nothing");

    // a miss's token fills exactly as a unary miss's does
    long token = answers.byId.get(1L).getGet().getFillToken();
    assertThat(SidecarFixture.fill(client, "books", "s-miss-1", "filled", token)).isTrue();
    assertThat(SidecarFixture.get(client, "books", "s-miss-1").getValue().toStringUtf8())
        .isEqualTo("filled");
  }

  @Test
  @DisplayName(
      "a read that fails answers with the unary call's status and message, and the session goes"
          + " on")
  void failedReadsDoNotEndTheSession() throws Exception {
    Answers answers = new Answers(-1);
    var requests = async.session(answers);
    requests.onNext(get(1, "bokks", "k"));
    requests.onNext(SessionRequest.newBuilder().setId(2).build());
    requests.onNext(get(3, "books", ""));
    requests.onNext(get(4, "books", "after-the-errors"));
    requests.onCompleted();

    assertThat(answers.ended.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(answers.error.get()).isNull();
    SessionResponse unknown = answers.byId.get(1L);
    assertThat(unknown.getError().getCode()).isEqualTo(Status.Code.NOT_FOUND.value());
    assertThat(unknown.getError().getMessage()).contains("no cache named 'bokks'", "books");
    SessionResponse empty = answers.byId.get(2L);
    assertThat(empty.getError().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(empty.getError().getMessage()).contains("get or get_many");
    assertThat(answers.byId.get(3L).getError().getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(answers.byId.get(4L).hasGet()).isTrue();
  }

  @Test
  @DisplayName(
      "a client that stops taking answers stops being read: the sidecar works on a bounded number"
          + " of its reads until it reads again, then answers them all")
  void aClientThatDoesNotReadIsNotRead() throws Exception {
    ByteString big = ByteString.copyFrom(new byte[64 * 1024]);
    client.put(PutRequest.newBuilder().setCache("authors").setKey("big").setValue(big).build());
    long before = hits();
    Answers answers = new Answers(0); // takes no answer until asked
    var requests = async.session(answers);
    int n = 2_000; // 128 MiB of answers: far more than gRPC buffers for a client that reads none
    for (int i = 0; i < n; i++) requests.onNext(get(i, "authors", "big"));
    requests.onCompleted();

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .during(Duration.ofSeconds(1))
        .until(() -> hits() - before, done -> done > 0 && done < n);
    assertThat(answers.byId).isEmpty();

    answers.stream.request(Integer.MAX_VALUE);
    assertThat(answers.ended.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(answers.error.get()).isNull();
    assertThat(answers.byId).hasSize(n);
    assertThat(hits() - before).isEqualTo(n);
  }

  private static long hits() {
    return client.stats(StatsRequest.newBuilder().setCache("authors").build()).getHits();
  }
}
