package io.cachesync.bench.family;

import io.cachesync.bench.proc.CpuClock;
import java.time.Duration;
import java.util.List;

/**
 * Warm-up until the processes under test have compiled what they run. A fixed count of warm-up
 * calls leaves the JIT compiling for thousands of events more: four sidecars whose C2 threads each
 * spend 100-350 µs of CPU per event on 2 cores delayed one event in ten by milliseconds, and a p99
 * taken then measures the warm-up, not the path (docs/BENCHMARKS.md, "The propagation tail").
 * Batches run, at least {@code minimumEvents} of them, until the compiler threads of every process
 * together spend less than {@link #SETTLED_MICROS_PER_EVENT} per event; the time allowed bounds it
 * all.
 */
final class JitSettling {
  static final double SETTLED_MICROS_PER_EVENT = 10;

  /** One batch of warm-up events; returns how many ran. */
  interface Batch {
    int run(int batchIndex) throws InterruptedException;
  }

  /** What the warm-up took. */
  record Settled(int events, double lastMicrosPerEvent, boolean settled) {}

  private JitSettling() {}

  static Settled warmUp(List<Long> pids, int minimumEvents, Duration allowed, Batch batch)
      throws InterruptedException {
    long deadline = System.nanoTime() + allowed.toNanos();
    int events = 0;
    double perEvent = Double.NaN;
    for (int i = 0; ; i++) {
      long before = compilerNanos(pids);
      int ran = batch.run(i);
      events += ran;
      long after = compilerNanos(pids);
      if (before < 0 || after < 0 || ran == 0) return new Settled(events, Double.NaN, false);
      perEvent = (after - before) / 1_000.0 / ran;
      boolean settled = perEvent < SETTLED_MICROS_PER_EVENT;
      if ((events >= minimumEvents && settled) || System.nanoTime() > deadline) {
        return new Settled(events, perEvent, settled);
      }
    }
  }

  private static long compilerNanos(List<Long> pids) {
    long sum = 0;
    for (long pid : pids) {
      long n = CpuClock.compilerNanos(pid);
      if (n < 0) return -1;
      sum += n;
    }
    return sum;
  }
}
