package io.cachesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

  @Test
  @DisplayName(
      "callers of one key while a call runs share it; a failure reaches each of them and is not kept")
  void sharesAndForgets() throws Exception {
    SingleFlight<String> flights = new SingleFlight<>();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () ->
                    flights
                        .run(
                            "k",
                            () -> {
                              runs.incrementAndGet();
                              await(release);
                              throw new IllegalStateException("store down");
                            })
                        .value()));
      }
      org.awaitility.Awaitility.await().until(() -> flights.joins() == 7);
      release.countDown();
      for (Future<String> f : results) {
        assertThatThrownBy(f::get).hasRootCauseMessage("store down");
      }
      assertThat(runs.get()).as("one call for eight callers").isEqualTo(1);
      assertThat(flights.inFlight()).isZero();
      assertThat(flights.run("k", () -> "v").value()).as("the failure was not kept").isEqualTo("v");
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
