package io.cachesync.sidecar.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EchoFilterTest {
  final AtomicLong clock = new AtomicLong();
  final EchoFilter echoes = new EchoFilter(Duration.ofSeconds(5), 1_000, clock::get);

  @Test
  @DisplayName("each expectation absorbs one event for its key; unexpected keys pass")
  void counts() {
    echoes.expect("k");
    echoes.expect("k");
    assertThat(echoes.consume("other")).isFalse();
    assertThat(echoes.consume("k")).isTrue();
    assertThat(echoes.consume("k")).isTrue();
    assertThat(echoes.consume("k")).isFalse();
    assertThat(echoes.expected()).isEqualTo(2);
    assertThat(echoes.consumed()).isEqualTo(2);
    assertThat(echoes.outstandingKeys()).isZero();
  }

  @Test
  @DisplayName("an echo that does not come within the window no longer hides a foreign write")
  void expiry() {
    echoes.expect("k");
    clock.addAndGet(Duration.ofMillis(4_999).toNanos());
    echoes.expect("j");
    clock.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(echoes.consume("k")).isFalse();
    assertThat(echoes.expired()).isEqualTo(1);
    assertThat(echoes.consume("j")).isTrue();
  }

  @Test
  @DisplayName("a newer expectation for a key keeps its older ones alive")
  void refresh() {
    echoes.expect("k");
    clock.addAndGet(Duration.ofSeconds(3).toNanos());
    echoes.expect("k");
    clock.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(echoes.consume("k")).isTrue();
    assertThat(echoes.consume("k")).isTrue();
    assertThat(echoes.expired()).isZero();
  }

  @Test
  @DisplayName("a cancelled expectation (the write sent no event) hides nothing")
  void cancel() {
    echoes.expect("k");
    echoes.cancel("k");
    echoes.cancel("never-expected");
    assertThat(echoes.consume("k")).isFalse();
    assertThat(echoes.outstandingKeys()).isZero();
  }

  @Test
  @DisplayName("past the bound the oldest expectations are dropped, and counted")
  void bound() {
    EchoFilter small = new EchoFilter(Duration.ofSeconds(5), 3, clock::get);
    for (int i = 0; i < 5; i++) small.expect("k" + i);
    assertThat(small.dropped()).isEqualTo(2);
    assertThat(small.outstandingKeys()).isEqualTo(3);
    assertThat(small.consume("k0")).isFalse();
    assertThat(small.consume("k1")).isFalse();
    assertThat(small.consume("k2")).isTrue();
    assertThat(small.consume("k4")).isTrue();
  }

  @Test
  @DisplayName("repeated expectations of one key do not grow memory past the bound")
  void boundSameKey() {
    EchoFilter small = new EchoFilter(Duration.ofSeconds(5), 3, clock::get);
    for (int i = 0; i < 10; i++) small.expect("k");
    assertThat(small.outstandingKeys()).isEqualTo(1);
    assertThat(small.dropped()).isZero(); // older stamps of a key hold nothing of their own
    for (int i = 0; i < 10; i++) assertThat(small.consume("k")).isTrue();
    assertThat(small.consume("k")).isFalse();
  }

  @Test
  @DisplayName("racing expects and consumes on shared keys lose and invent nothing")
  void races() throws Exception {
    EchoFilter shared = new EchoFilter(Duration.ofMinutes(1), 1_000_000);
    int threads = 4;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Long>> producers = new ArrayList<>();
    List<Future<Long>> consumers = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        producers.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perThread; i++) shared.expect("k" + (i % 64));
                  return 0L;
                }));
        consumers.add(
            pool.submit(
                () -> {
                  go.await();
                  long hits = 0;
                  for (int i = 0; i < perThread; i++) if (shared.consume("k" + (i % 64))) hits++;
                  return hits;
                }));
      }
      go.countDown();
      for (Future<Long> f : producers) f.get();
      long consumed = 0;
      for (Future<Long> f : consumers) consumed += f.get();
      long left = 0;
      for (int k = 0; k < 64; k++) while (shared.consume("k" + k)) left++;
      assertThat(consumed + left).isEqualTo((long) threads * perThread);
      assertThat(shared.consumed()).isEqualTo((long) threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }
}
