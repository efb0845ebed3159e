package io.cachesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.PutResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client's look-aside and L0 against a scripted sidecar: the races, on cue. */
class LookAsideRacesTest {

  static CacheSyncClient client(FakeSidecar fake, L0Config l0) {
    return CacheSyncClient.builder()
        .channel(fake.channel)
        .l0(l0)
        .readBackoff(Duration.ofMillis(1))
        .watchBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .build();
  }

  static GetResponse hit(String v) {
    return GetResponse.newBuilder().setFound(true).setValue(ByteString.copyFromUtf8(v)).build();
  }

  @Test
  @DisplayName(
      "a fill the sidecar refuses (applied:false) is returned to its caller but kept out of L0")
  void refusedFillStaysOut() throws Exception {
    try (FakeSidecar fake = new FakeSidecar();
        CacheSyncClient client = client(fake, L0Config.entries(100))) {
      await().until(client::l0Live);
      CacheView<String, String> books = client.cache("books", ValueCodec.utf8());
      fake.onPut = r -> PutResponse.newBuilder().setApplied(false).build();
      assertThat(books.get("k", () -> "loaded")).isEqualTo("loaded");
      assertThat(fake.puts.get()).isEqualTo(1);
      assertThat(books.peekL0("k")).isEmpty();

      fake.onPut = r -> PutResponse.newBuilder().setApplied(true).build();
      assertThat(books.get("k", () -> "loaded")).isEqualTo("loaded");
      assertThat(books.peekL0("k")).as("an applied fill does go in").contains("loaded");
    }
  }

  @Test
  @DisplayName("Get returns v1, the key's change event is processed first: v1 never enters L0")
  void eventDuringGet() throws Exception {
    try (FakeSidecar fake = new FakeSidecar();
        CacheSyncClient client = client(fake, L0Config.entries(100))) {
      await().until(client::l0Live);
      CacheView<String, String> books = client.cache("books", ValueCodec.utf8());
      CountDownLatch heard = new CountDownLatch(1);
      books.watch(change -> heard.countDown());
      fake.onGet =
          r -> {
            fake.emit(
                CacheEvent.newBuilder()
                    .setCache("books")
                    .addKeys("k")
                    .setKind(CacheEvent.Kind.INVALIDATED)
                    .build());
            try {
              assertThat(heard.await(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return hit("v1");
          };
      assertThat(books.get("k")).contains("v1");
      assertThat(books.peekL0("k")).isEmpty();

      fake.onGet = r -> hit("v2");
      assertThat(books.get("k")).contains("v2");
      assertThat(books.peekL0("k")).as("without a racing event the hit goes in").contains("v2");
    }
  }

  @Test
  @DisplayName(
      "a broken Watch stream empties and bypasses L0, tells listeners, and is opened again")
  void brokenStream() throws Exception {
    try (FakeSidecar fake = new FakeSidecar();
        CacheSyncClient client = client(fake, L0Config.entries(100))) {
      await().until(client::l0Live);
      CacheView<String, String> books = client.cache("books", ValueCodec.utf8());
      AtomicInteger broken = new AtomicInteger();
      AtomicInteger subscribed = new AtomicInteger();
      books.watch(
          new WatchListener() {
            @Override
            public void onChange(CacheChange change) {}

            @Override
            public void onSubscribed() {
              subscribed.incrementAndGet();
            }

            @Override
            public void onStreamBroken(Throwable cause) {
              broken.incrementAndGet();
            }
          });
      fake.onGet = r -> hit("v1");
      books.get("k");
      assertThat(books.peekL0("k")).contains("v1");

      fake.breakWatch(
          Status.UNAVAILABLE.withDescription("sidecar restarting").asRuntimeException());
      assertThat(client.l0Size()).isZero();
      await().until(() -> broken.get() == 1);
      await().until(() -> subscribed.get() >= 1 && client.l0Live());
      books.get("k");
      assertThat(books.peekL0("k")).as("refilled once the stream is back").contains("v1");
    }
  }

  @Test
  @DisplayName("reads are tried again on UNAVAILABLE; a write is tried once")
  void retries() throws Exception {
    try (FakeSidecar fake = new FakeSidecar();
        CacheSyncClient client = client(fake, L0Config.off())) {
      CacheView<String, String> books = client.cache("books", ValueCodec.utf8());
      AtomicInteger failures = new AtomicInteger(2);
      fake.onGet =
          r -> {
            if (failures.getAndDecrement() > 0) throw Status.UNAVAILABLE.asRuntimeException();
            return hit("v");
          };
      assertThat(books.get("k")).contains("v");
      assertThat(fake.gets.get()).isEqualTo(3);

      fake.onGet =
          r -> {
            throw Status.UNAVAILABLE.withDescription("draining").asRuntimeException();
          };
      assertThatThrownBy(() -> books.get("k"))
          .isInstanceOf(CacheSyncException.class)
          .hasMessageContaining("after 3 attempts")
          .hasMessageContaining("draining");
      assertThat(fake.gets.get()).isEqualTo(6);

      fake.onPut =
          r -> {
            throw Status.UNAVAILABLE.asRuntimeException();
          };
      assertThatThrownBy(() -> books.put("k", "v2"))
          .isInstanceOf(CacheSyncException.class)
          .satisfies(
              e -> assertThat(((CacheSyncException) e).code()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(fake.puts.get()).as("writes are not retried").isEqualTo(1);

      fake.onGet =
          r -> {
            throw Status.NOT_FOUND.withDescription("unknown cache 'books'").asRuntimeException();
          };
      assertThatThrownBy(() -> books.get("k")).hasMessageContaining("unknown cache");
      assertThat(fake.gets.get()).as("only UNAVAILABLE is retried").isEqualTo(7);
    }
  }
}
