package io.cachesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.GetManyResponse;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.SessionError;
import io.cachesync.api.v1.SessionResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reads over a Session stream, against a scripted sidecar (the ITs read over a real one). */
class ReadSessionTest {
  private FakeSidecar sidecar;

  @BeforeEach
  void start() throws Exception {
    sidecar = new FakeSidecar();
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.close();
  }

  private CacheSyncClient.Builder client() {
    return CacheSyncClient.builder().channel(sidecar.channel).readBackoff(Duration.ofMillis(1));
  }

  private static SessionResponse hit(long id, String value) {
    return SessionResponse.newBuilder()
        .setId(id)
        .setGet(GetResponse.newBuilder().setFound(true).setValue(ByteString.copyFromUtf8(value)))
        .build();
  }

  @Test
  @DisplayName("Get and GetMany go over one Session stream, answered by id; no unary call is made")
  void readsShareOneStream() {
    sidecar.onSession =
        r ->
            r.hasGet()
                ? hit(r.getId(), "v-" + r.getGet().getKey())
                : SessionResponse.newBuilder()
                    .setId(r.getId())
                    .setGetMany(
                        GetManyResponse.newBuilder()
                            .putValues("a", ByteString.copyFromUtf8("A"))
                            .putFillTokens("b", 9))
                    .build();
    try (CacheSyncClient client = client().build()) {
      CacheView<String, String> c = client.cache("c", ValueCodec.utf8());

      assertThat(c.get("k1")).contains("v-k1");
      assertThat(c.get("k2")).contains("v-k2");
      assertThat(c.getAll(List.of("a", "b"))).containsOnlyKeys("a").containsEntry("a", "A");
      assertThat(sidecar.sessions.get()).isEqualTo(1);
      assertThat(sidecar.gets.get()).isZero();
      assertThat(client.readsOnSession()).isTrue();
    }
  }

  @Test
  @DisplayName("a sidecar without Session is read unary, from the first read on")
  void unaryWithoutSession() {
    sidecar.onSession = null; // UNIMPLEMENTED, as a sidecar older than Session
    try (CacheSyncClient client = client().build()) {
      CacheView<String, String> c = client.cache("c", ValueCodec.utf8());

      assertThat(c.get("k")).isEmpty();
      assertThat(client.readsOnSession()).isFalse();
      assertThat(c.get("k")).isEmpty();
      assertThat(sidecar.gets.get()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("session(false) reads unary even where the sidecar has Session")
  void turnedOff() {
    sidecar.onSession = r -> hit(r.getId(), "from-session");
    try (CacheSyncClient client = client().session(false).build()) {
      assertThat(client.cache("c", ValueCodec.utf8()).get("k")).isEmpty();
      assertThat(sidecar.sessions.get()).isZero();
      assertThat(sidecar.gets.get()).isEqualTo(1);
      assertThat(client.readsOnSession()).isFalse();
    }
  }

  @Test
  @DisplayName("an error answer fails the read as the unary call would, with the sidecar's words")
  void errorAnswer() {
    sidecar.onSession =
        r ->
            SessionResponse.newBuilder()
                .setId(r.getId())
                .setError(
                    SessionError.newBuilder()
                        .setCode(Status.Code.NOT_FOUND.value())
                        .setMessage("cache 'c' is not configured"))
                .build();
    try (CacheSyncClient client = client().build()) {
      assertThatThrownBy(() -> client.cache("c", ValueCodec.utf8()).get("k"))
          .isInstanceOf(CacheSyncException.class)
          .hasMessageContaining("Get c/k on the sidecar at")
          .hasMessageContaining("NOT_FOUND: cache 'c' is not configured")
          .satisfies(
              e -> assertThat(((CacheSyncException) e).code()).isEqualTo(Status.Code.NOT_FOUND));
      assertThat(sidecar.gets.get()).isZero();
    }
  }

  @Test
  @DisplayName(
      "a read whose answer never comes fails DEADLINE_EXCEEDED after the deadline, and a stream"
          + " that answered nothing for a deadline is left for a new one")
  void noAnswer() {
    sidecar.onSession = r -> null;
    try (CacheSyncClient client = client().deadline(Duration.ofMillis(200)).build()) {
      CacheView<String, String> c = client.cache("c", ValueCodec.utf8());
      assertThatThrownBy(() -> c.get("k"))
          .isInstanceOf(CacheSyncException.class)
          .hasMessageContaining("no answer to session read")
          .hasMessageContaining("the deadline is PT0.2S")
          .satisfies(
              e ->
                  assertThat(((CacheSyncException) e).code())
                      .isEqualTo(Status.Code.DEADLINE_EXCEEDED));

      sidecar.onSession = r -> hit(r.getId(), "fresh stream");
      assertThat(c.get("k")).contains("fresh stream");
      assertThat(sidecar.sessions.get()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("reads beyond the session's window go unary instead of queueing behind slow ones")
  void windowFullGoesUnary() throws Exception {
    Queue<Long> unanswered = new ConcurrentLinkedQueue<>();
    sidecar.onSession =
        r -> {
          unanswered.add(r.getId());
          return null; // answered below, once the window is full
        };
    ExecutorService readers = Executors.newFixedThreadPool(ReadSession.IN_FLIGHT);
    try (CacheSyncClient client = client().deadline(Duration.ofSeconds(20)).build()) {
      CacheView<String, String> c = client.cache("c", ValueCodec.utf8());
      List<Future<Optional<String>>> slow = new ArrayList<>();
      for (int i = 0; i < ReadSession.IN_FLIGHT; i++) slow.add(readers.submit(() -> c.get("k")));
      await().until(() -> unanswered.size() == ReadSession.IN_FLIGHT);

      assertThat(c.get("other")).as("answered unary: the fake's Get misses").isEmpty();
      assertThat(sidecar.gets.get()).isEqualTo(1);
      for (Long id = unanswered.poll(); id != null; id = unanswered.poll()) {
        sidecar.answerSession(hit(id, "slow"));
      }
      for (Future<Optional<String>> f : slow) {
        assertThat(f.get(20, TimeUnit.SECONDS)).contains("slow");
      }
      sidecar.onSession = r -> hit(r.getId(), "room again");
      assertThat(c.get("k")).contains("room again");
      assertThat(sidecar.gets.get()).isEqualTo(1);
      assertThat(sidecar.sessionRequests.get()).isEqualTo(ReadSession.IN_FLIGHT + 1);
    } finally {
      readers.shutdownNow();
    }
  }

  @Test
  @DisplayName("a stream that breaks under a read is reopened and the read retried on it")
  void brokenStreamRetried() {
    sidecar.onSession =
        r -> {
          if (sidecar.sessions.get() == 1) {
            sidecar.breakSession(
                Status.UNAVAILABLE.withDescription("going away").asRuntimeException());
            return null;
          }
          return hit(r.getId(), "second");
        };
    try (CacheSyncClient client = client().build()) {
      assertThat(client.cache("c", ValueCodec.utf8()).get("k")).contains("second");
      assertThat(sidecar.sessions.get()).isEqualTo(2);
      assertThat(client.readsOnSession()).isTrue();
    }
  }

  @Test
  @DisplayName("an answer of the wrong kind fails the read INTERNAL, saying what came")
  void wrongKind() {
    sidecar.onSession =
        r ->
            SessionResponse.newBuilder()
                .setId(r.getId())
                .setGetMany(GetManyResponse.getDefaultInstance())
                .build();
    try (CacheSyncClient client = client().readAttempts(1).build()) {
      assertThatThrownBy(() -> client.cache("c", ValueCodec.utf8()).get("k"))
          .isInstanceOf(CacheSyncException.class)
          .hasMessageContaining("INTERNAL")
          .hasMessageContaining("with GET_MANY where a Get answer was due");
    }
  }
}
