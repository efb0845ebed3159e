package io.cachesync.sidecar.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PermitQueueTest {

  @Test
  @DisplayName("tasks beyond the permits wait, and start in arrival order as permits free")
  void fifo() {
    PermitQueue permits = new PermitQueue(2, 100);
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      permits.submit(() -> started.add(n));
    }
    assertThat(started).containsExactly(0, 1);
    assertThat(permits.waiting()).isEqualTo(3);

    permits.release();
    assertThat(started).containsExactly(0, 1, 2);
    permits.release();
    permits.release();
    assertThat(started).containsExactly(0, 1, 2, 3, 4);
    assertThat(permits.waiting()).isZero();
  }

  @Test
  @DisplayName("tasks that finish at once (a call failing fast) do not recurse: no stack overflow")
  void inlineReleaseDoesNotRecurse() {
    PermitQueue permits = new PermitQueue(1, 1_000_000);
    List<Integer> started = new ArrayList<>();
    Runnable[] holder = new Runnable[1];
    permits.submit(() -> holder[0] = permits::release); // holds the only permit
    for (int i = 0; i < 100_000; i++) {
      int n = i;
      permits.submit(
          () -> {
            started.add(n);
            permits.release();
          });
    }
    assertThat(started).isEmpty();

    holder[0].run();

    assertThat(started).hasSize(100_000);
    assertThat(started.get(99_999)).isEqualTo(99_999);
  }

  /** A task that records whether it ran or was dropped, and can be abandoned. */
  static final class Probe implements PermitQueue.Task {
    final AtomicBoolean gaveUp = new AtomicBoolean();
    final AtomicBoolean ran = new AtomicBoolean();
    final AtomicBoolean dropped = new AtomicBoolean();

    @Override
    public void run() {
      ran.set(true);
    }

    @Override
    public boolean abandoned() {
      return gaveUp.get();
    }

    @Override
    public void dropped() {
      dropped.set(true);
    }
  }

  @Test
  @DisplayName(
      "past maxQueued waiting tasks a task is refused at once, and accepted again once one left")
  void bounded() {
    PermitQueue permits = new PermitQueue(1, 2);
    Probe holder = new Probe();
    assertThat(permits.submit(holder)).isTrue();
    Probe a = new Probe();
    Probe b = new Probe();
    assertThat(permits.submit(a)).isTrue();
    assertThat(permits.submit(b)).isTrue();
    Probe refused = new Probe();
    assertThat(permits.submit(refused)).isFalse();
    assertThat(permits.waiting()).isEqualTo(2);

    permits.release(); // a runs and holds the permit
    assertThat(a.ran).isTrue();
    assertThat(permits.submit(new Probe())).isTrue();
    assertThat(refused.ran).isFalse();
  }

  @Test
  @DisplayName("a waiting task whose caller gave up is dropped unrun, and makes room for a new one")
  void abandoned() {
    PermitQueue permits = new PermitQueue(1, 2);
    permits.submit(new Probe()); // holds the only permit
    Probe a = new Probe();
    Probe b = new Probe();
    permits.submit(a);
    permits.submit(b);
    a.gaveUp.set(true);
    b.gaveUp.set(true);

    Probe fresh = new Probe();
    assertThat(permits.submit(fresh)).as("the abandoned ones made room").isTrue();
    assertThat(a.dropped).isTrue();
    assertThat(b.dropped).isTrue();
    permits.release();
    assertThat(fresh.ran).isTrue();
    assertThat(a.ran).isFalse();
    assertThat(b.ran).isFalse();

    Probe late = new Probe();
    permits.submit(late);
    late.gaveUp.set(true);
    permits.release(); // its turn comes: dropped instead of run, and the permit stays free
    assertThat(late.dropped).isTrue();
    assertThat(late.ran).isFalse();
    Probe next = new Probe();
    permits.submit(next);
    assertThat(next.ran).isTrue();
  }

  @Test
  @DisplayName(
      "racing submitters and releasers: every task is run or refused, none twice, and no permit is lost")
  void race() throws Exception {
    PermitQueue permits = new PermitQueue(2, 16);
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    int threads = 4;
    int each = 20_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  boolean accepted =
                      permits.submit(
                          () -> {
                            ran.incrementAndGet();
                            permits.release();
                          });
                  if (!accepted) refused.incrementAndGet();
                }
              });
      th.start();
      all.add(th);
    }
    go.countDown();
    for (Thread th : all) th.join();
    assertThat(ran.get() + refused.get()).isEqualTo(threads * each);
    assertThat(permits.waiting()).isZero();
    // both permits are free: two tasks that hold theirs start at once
    List<Integer> started = new ArrayList<>();
    permits.submit(() -> started.add(1));
    permits.submit(() -> started.add(2));
    assertThat(started).containsExactly(1, 2);
  }
}
