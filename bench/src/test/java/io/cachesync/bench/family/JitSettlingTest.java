package io.cachesync.bench.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.bench.proc.CpuClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JitSettlingTest {
  @Test
  @DisplayName("batches run at least the minimum, and stop once the compilers are quiet")
  void stopsWhenQuiet() throws InterruptedException {
    AtomicInteger batches = new AtomicInteger();
    // batches that run no new code: this JVM's compilers have nothing to do for them
    JitSettling.Settled s =
        JitSettling.warmUp(
            List.of(CpuClock.self()),
            3_000,
            Duration.ofMillis(100),
            Duration.ofSeconds(30),
            b -> {
              batches.incrementAndGet();
              return 1_000;
            });
    assertThat(s.events()).isGreaterThanOrEqualTo(3_000);
    assertThat(batches.get()).isGreaterThanOrEqualTo(3);
    assertThat(s.microsPerEvent()).isNotNaN();
  }

  @Test
  @DisplayName("quiet batches settle the warm-up only once they have lasted the quiet time asked")
  void quietForLasts() throws InterruptedException {
    long start = System.nanoTime();
    JitSettling.Settled s =
        JitSettling.warmUp(
            List.of(CpuClock.self()),
            0,
            Duration.ofMillis(300),
            Duration.ofSeconds(30),
            b -> 1_000);
    assertThat(s.settled()).isTrue();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    assertThat(s.events()).isGreaterThanOrEqualTo(JitSettling.QUIET_BATCHES);
  }

  @Test
  @DisplayName("the time allowed bounds a warm-up whose compilers never go quiet")
  void boundedByTime() throws InterruptedException {
    long start = System.nanoTime();
    // a minimum no warm-up reaches: only the time allowed ends it
    JitSettling.Settled s =
        JitSettling.warmUp(
            List.of(CpuClock.self()),
            Integer.MAX_VALUE,
            Duration.ZERO,
            Duration.ofMillis(200),
            b -> 1);
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(20).toNanos());
    assertThat(s.events()).isPositive();
  }

  @Test
  @DisplayName("a process /proc cannot read ends the warm-up after one batch, as not settled")
  void unknownProcess() throws InterruptedException {
    JitSettling.Settled s =
        JitSettling.warmUp(
            List.of((long) Integer.MAX_VALUE), 0, Duration.ZERO, Duration.ofSeconds(5), b -> 10);
    assertThat(s.settled()).isFalse();
    assertThat(s.events()).isEqualTo(10);
  }
}
