package io.cachesync.sidecar.keyspace;

import static io.cachesync.sidecar.keyspace.KeyspaceEventKind.DELETED;
import static io.cachesync.sidecar.keyspace.KeyspaceEventKind.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.cachesync.sidecar.keyspace.RecordingSink.Event;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyspaceDispatcherTest {
  static final String SET = "__keyevent@3__:set";
  static final String EXPIRE = "__keyevent@3__:expire";
  static final String DEL = "__keyevent@3__:del";

  final RecordingSink sink = new RecordingSink();
  final EchoFilter echoes = new EchoFilter();
  final AtomicInteger subscriptions = new AtomicInteger();
  final KeyspaceDispatcher dispatcher =
      new KeyspaceDispatcher(
          3,
          List.of("set", "expire", "del"),
          new KeyPrefixes(Map.of("cachesync:books:", "books")),
          echoes,
          sink,
          subscriptions::incrementAndGet);

  @Test
  @DisplayName("a channel's event becomes a kind, the Redis key a cache key")
  void dispatches() {
    dispatcher.message(SET, "cachesync:books:k1");
    dispatcher.message(DEL, "cachesync:books:k1");
    dispatcher.message(SET, "session:1");
    dispatcher.message("__keyevent@0__:set", "cachesync:books:k1"); // another database
    assertThat(sink.events)
        .containsExactly(new Event("books", "k1", UPDATED), new Event("books", "k1", DELETED));
    assertThat(dispatcher.applied.sum()).isEqualTo(2);
    assertThat(dispatcher.unmatched.sum()).isEqualTo(1);
  }

  @Test
  @DisplayName("an own SET with PX is one echo although Redis sends set and expire for it")
  void setWithTtlIsOneEcho() {
    echoes.expect("cachesync:books:k1");
    dispatcher.message(SET, "cachesync:books:k1");
    dispatcher.message(EXPIRE, "cachesync:books:k1");
    assertThat(sink.events).isEmpty();
    assertThat(dispatcher.echoesIgnored.sum()).isEqualTo(2);

    dispatcher.message(EXPIRE, "cachesync:books:k1"); // a foreign EXPIRE later is reported
    assertThat(sink.events).containsExactly(new Event("books", "k1", UPDATED));
  }

  @Test
  @DisplayName("an expire that does not directly follow the echoed set is not part of it")
  void companionMustBeAdjacent() {
    echoes.expect("cachesync:books:k1");
    dispatcher.message(SET, "cachesync:books:k1");
    dispatcher.message(SET, "cachesync:books:k2");
    dispatcher.message(EXPIRE, "cachesync:books:k1");
    assertThat(sink.events)
        .containsExactly(new Event("books", "k2", UPDATED), new Event("books", "k1", UPDATED));
  }

  @Test
  @DisplayName("a sink that throws is counted; nothing escapes to the connection")
  void sinkFailure() {
    KeyspaceDispatcher failing =
        new KeyspaceDispatcher(
            3,
            List.of("set"),
            new KeyPrefixes(Map.of("p:", "c")),
            echoes,
            new KeyspaceSink() {
              @Override
              public void onKeyspaceEvent(String cache, String key, KeyspaceEventKind kind) {
                throw new IllegalStateException("boom");
              }

              @Override
              public void onNotificationsStatus(NotificationsStatus status) {}
            },
            () -> {});
    assertThatCode(() -> failing.message(SET, "p:k")).doesNotThrowAnyException();
    assertThatCode(() -> failing.message(SET, null)).doesNotThrowAnyException();
    assertThat(failing.failed.sum()).isEqualTo(1);
  }

  @Test
  @DisplayName("subscribed once Redis confirms the last channel of the SUBSCRIBE")
  void subscribedOnLastChannel() {
    assertThat(dispatcher.channels()).containsExactly(SET, EXPIRE, DEL);
    dispatcher.subscribed(SET, 1);
    dispatcher.subscribed(EXPIRE, 2);
    assertThat(subscriptions).hasValue(0);
    dispatcher.subscribed(DEL, 3);
    assertThat(subscriptions).hasValue(1);
  }
}
