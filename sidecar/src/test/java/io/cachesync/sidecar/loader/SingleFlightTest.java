package io.cachesync.sidecar.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final SingleFlight<String, String> flight = new SingleFlight<>();
  private final AtomicInteger invocations = new AtomicInteger();

  /** Work that counts its invocations and finishes when the test completes {@code gate}. */
  private Supplier<CompletableFuture<String>> counted(CompletableFuture<String> gate) {
    return () -> {
      invocations.incrementAndGet();
      return gate;
    };
  }

  @Test
  @DisplayName(
      "a caller that finds the flight no longer joinable (its key changed since it began) starts a new one; the old one still answers its callers")
  void noJoiningStaleFlights() throws Exception {
    CompletableFuture<String> oldWork = new CompletableFuture<>();
    CompletableFuture<String> newWork = new CompletableFuture<>();
    AtomicInteger changedAt = new AtomicInteger(0); // when the key last changed
    CompletableFuture<String> before =
        flight.run("k", 1, tag -> tag > changedAt.get(), tag -> oldWork);
    CompletableFuture<String> joined =
        flight.run("k", 2, tag -> tag > changedAt.get(), tag -> newWork);
    changedAt.set(5); // the key changed after flight 1 began
    CompletableFuture<String> after =
        flight.run("k", 6, tag -> tag > changedAt.get(), tag -> newWork);
    CompletableFuture<String> afterToo =
        flight.run("k", 7, tag -> tag > changedAt.get(), tag -> new CompletableFuture<>());
    oldWork.complete("old");
    newWork.complete("new");
    assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo("old");
    assertThat(joined.get(10, TimeUnit.SECONDS)).as("joined before the change").isEqualTo("old");
    assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("new");
    assertThat(afterToo.get(10, TimeUnit.SECONDS))
        .as("joins the new flight, which is joinable")
        .isEqualTo("new");
    assertThat(flight.inFlight()).isZero();
  }

  @Test
  @DisplayName("1,000 concurrent callers of one key: the work runs once and all get its value")
  void thousandCallersOneLoad() throws Exception {
    int callers = 1_000;
    CompletableFuture<String> gate = new CompletableFuture<>();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch joined = new CountDownLatch(callers);
    AtomicReferenceArray<CompletableFuture<String>> results = new AtomicReferenceArray<>(callers);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      int n = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  results.set(n, flight.run("hot", counted(gate)));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  joined.countDown();
                }
              });
      t.start();
      threads.add(t);
    }

    go.countDown();
    assertThat(joined.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(flight.inFlight()).isEqualTo(1);
    gate.complete("value");

    for (int i = 0; i < callers; i++) {
      assertThat(results.get(i)).succeedsWithin(WAIT).isEqualTo("value");
    }
    assertThat(invocations.get()).isEqualTo(1);
    assertThat(flight.inFlight()).isZero();
    for (Thread t : threads) t.join(WAIT.toMillis());
  }

  @Test
  @DisplayName("once the work completed, the next call runs it again")
  void newCallAfterCompletion() {
    assertThat(flight.run("k", counted(CompletableFuture.completedFuture("a"))))
        .isCompletedWithValue("a");
    assertThat(flight.run("k", counted(CompletableFuture.completedFuture("b"))))
        .isCompletedWithValue("b");
    assertThat(invocations.get()).isEqualTo(2);
    assertThat(flight.inFlight()).isZero();
  }

  @Test
  @DisplayName(
      "a dependant that calls run again on completion starts new work (the key is freed first)")
  void dependantStartsNewWork() {
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second =
        flight
            .run("k", counted(first))
            .thenCompose(v -> flight.run("k", counted(CompletableFuture.completedFuture(v + "!"))));

    first.complete("a");

    assertThat(second).isCompletedWithValue("a!");
    assertThat(invocations.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("a failure reaches every waiter, and frees the key")
  void failureReachesAllAndFreesKey() {
    CompletableFuture<String> gate = new CompletableFuture<>();
    List<CompletableFuture<String>> waiters = new ArrayList<>();
    for (int i = 0; i < 10; i++) waiters.add(flight.run("k", counted(gate)));
    IllegalStateException boom = new IllegalStateException("boom");

    gate.completeExceptionally(boom);

    for (CompletableFuture<String> w : waiters) {
      assertThat(w)
          .failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isSameAs(boom);
    }
    assertThat(invocations.get()).isEqualTo(1);
    assertThat(flight.inFlight()).isZero();
    assertThat(flight.run("k", counted(CompletableFuture.completedFuture("again"))))
        .isCompletedWithValue("again");
    assertThat(invocations.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("work that throws fails every caller of the round and frees the key")
  void throwingWork() {
    IllegalArgumentException bad = new IllegalArgumentException("bad key");
    CompletableFuture<String> f =
        flight.run(
            "k",
            () -> {
              throw bad;
            });

    assertThat(f)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isSameAs(bad);
    assertThat(flight.inFlight()).isZero();
  }

  @Test
  @DisplayName("one caller cancelling its future does not cancel the others' or the work")
  void cancelIsPerCaller() {
    CompletableFuture<String> gate = new CompletableFuture<>();
    CompletableFuture<String> a = flight.run("k", counted(gate));
    CompletableFuture<String> b = flight.run("k", counted(gate));

    a.cancel(true);
    gate.complete("v");

    assertThat(a).isCancelled();
    assertThat(b).isCompletedWithValue("v");
    assertThat(gate).isCompletedWithValue("v");
  }

  @Test
  @DisplayName("different keys do not share work")
  void keysAreIndependent() {
    CompletableFuture<String> gate = new CompletableFuture<>();
    flight.run("a", counted(gate));
    flight.run("b", counted(gate));

    assertThat(invocations.get()).isEqualTo(2);
    assertThat(flight.inFlight()).isEqualTo(2);
    gate.complete("v");
    await().atMost(WAIT).until(() -> flight.inFlight() == 0);
  }
}
