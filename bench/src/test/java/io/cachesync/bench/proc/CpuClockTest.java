package io.cachesync.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CpuClockTest {
  @Test
  @DisplayName("a thread that goes to sleep and wakes counts a context switch each time")
  void countsSwitches() throws InterruptedException {
    long before = CpuClock.switches(CpuClock.self());
    Thread sleeper =
        new Thread(
            () -> {
              for (int i = 0; i < 50; i++) LockSupport.parkNanos(1_000_000);
            });
    sleeper.start();
    long during = -1;
    while (sleeper.isAlive()) {
      during = Math.max(during, CpuClock.switches(CpuClock.self()));
      sleeper.join(5);
    }
    // the sleeper's own switches count only while it lives: the reading above saw most of them
    assertThat(before).isPositive();
    assertThat(during - before).isGreaterThanOrEqualTo(25);
  }

  @Test
  @DisplayName("a process that is gone reads as unknown")
  void goneProcess() {
    assertThat(CpuClock.switches(Integer.MAX_VALUE)).isEqualTo(-1);
    assertThat(CpuClock.nanos(Integer.MAX_VALUE)).isEqualTo(-1);
    assertThat(CpuClock.compilerNanos(Integer.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  @DisplayName("the JIT's compiler threads are counted apart from the rest")
  void compilersApart() {
    long self = CpuClock.self();
    // this JVM has compiled something by now (the test framework's own code)
    assertThat(CpuClock.compilerNanos(self)).isPositive();
    assertThat(CpuClock.nanos(self)).isPositive();
  }
}
