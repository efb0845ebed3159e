package io.cachesync.sidecar.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.api.v1.CacheEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WatchHubTest {

  /** A stream whose client reads nothing while {@code ready} is false. */
  static final class FakeStream extends ServerCallStreamObserver<CacheEvent> {
    volatile boolean ready = true;
    final List<CacheEvent> sent = new CopyOnWriteArrayList<>();
    volatile Throwable error;

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {}

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {}

    @Override
    public void setCompression(String compression) {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void onNext(CacheEvent value) {
      sent.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }

  @Test
  @DisplayName(
      "a stream whose client stops reading is cut once the unread events' bytes pass the limit")
  void cutByBytes() {
    WatchHub hub = new WatchHub();
    FakeStream stream = new FakeStream();
    AtomicInteger cuts = new AtomicInteger();
    assertThat(hub.add("books", "", stream, 10, 10_000, cuts::incrementAndGet)).isTrue();
    stream.ready = false;
    String key = "k".repeat(1000);
    for (int i = 0; i < 20 && stream.error == null; i++) {
      hub.publish(CacheEvent.Kind.INVALIDATED, "books", List.of(key + i), "peer");
    }
    assertThat(stream.error).isNotNull();
    assertThat(Status.fromThrowable(stream.error).getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(stream.sent).hasSizeLessThan(11); // about 1 KiB each: cut near 10,000 bytes
    assertThat(hub.size()).isZero();
    assertThat(cuts.get()).as("counted once").isEqualTo(1);
  }

  @Test
  @DisplayName("racing Watch opens never get past maxStreams")
  void boundUnderRace() throws Exception {
    WatchHub hub = new WatchHub();
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 100; i++) {
                  if (hub.add("", "", new FakeStream(), 50, 1 << 20, () -> {}))
                    accepted.incrementAndGet();
                }
              });
      th.start();
      threads.add(th);
    }
    go.countDown();
    for (Thread th : threads) th.join();
    assertThat(accepted.get()).isEqualTo(50);
    assertThat(hub.size()).isEqualTo(50);
  }

  @Test
  @DisplayName(
      "a stream opened with announce gets SUBSCRIBED before any event, even while events race the open")
  void announceComesFirst() throws Exception {
    WatchHub hub = new WatchHub();
    FakeStream quiet = new FakeStream();
    hub.add("books", "", quiet, 10_000, 1 << 20, () -> {});
    assertThat(quiet.sent).as("no announce asked: nothing sent").isEmpty();

    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread publisher =
        new Thread(
            () -> {
              while (!stop.get())
                hub.publish(CacheEvent.Kind.INVALIDATED, "books", List.of("k"), "peer");
            });
    publisher.start();
    try {
      for (int i = 0; i < 2_000; i++) {
        FakeStream stream = new FakeStream();
        hub.add("books", "", stream, 10_000, 1 << 30, () -> {}, true, false);
        assertThat(stream.sent.get(0).getKind()).isEqualTo(CacheEvent.Kind.SUBSCRIBED);
        assertThat(stream.sent.get(0).getCache()).isEqualTo("books");
      }
    } finally {
      stop.set(true);
      publisher.join();
    }
  }

  @Test
  @DisplayName(
      "changes made through this sidecar reach only the streams that asked for local changes")
  void localChanges() {
    WatchHub hub = new WatchHub();
    FakeStream plain = new FakeStream();
    FakeStream local = new FakeStream();
    hub.add("", "", plain, 10, 1 << 20, () -> {}, false, false);
    hub.add("books", "", local, 10, 1 << 20, () -> {}, false, true);
    hub.publishLocal(CacheEvent.Kind.UPDATED, "books", List.of("k"));
    hub.publishLocal(CacheEvent.Kind.CLEARED, "films", List.of());
    assertThat(plain.sent).isEmpty();
    assertThat(local.sent).hasSize(1);
    assertThat(local.sent.get(0).getKind()).isEqualTo(CacheEvent.Kind.UPDATED);
    assertThat(local.sent.get(0).getKeysList()).containsExactly("k");
    hub.publish(CacheEvent.Kind.INVALIDATED, "books", List.of("k"), "peer");
    assertThat(plain.sent).hasSize(1);
    assertThat(local.sent).as("peers' changes too").hasSize(2);
  }
}
