package io.cachesync.bench.family;

import io.cachesync.bench.proc.CpuClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warm-up until the processes under test have compiled what they run. A fixed count of warm-up
 * calls leaves the JIT compiling for thousands of events more: four sidecars whose C2 threads each
 * spend 100-350 µs of CPU per event on 2 cores delayed one event in ten by milliseconds, and a p99
 * taken then measures the warm-up, not the path (docs/BENCHMARKS.md, "The propagation tail").
 * Batches run, at least {@code minimumEvents} of them, until the compiler threads of every process
 * together, the harness's own included (it receives and times the events on the same cores), have
 * spent less than {@link #SETTLED_MICROS_PER_EVENT} per event over the batches of the last {@code
 * quietFor}: a hot method whose compiled code meets a rare branch falls back to the interpreter and
 * is compiled again only once it is hot again, seconds later, so a quiet batch or two says little.
 * The time allowed bounds it all.
 */
final class JitSettling {
  static final double SETTLED_MICROS_PER_EVENT = 10;

  /** The fewest batches a settled warm-up is judged on, however short {@code quietFor} is. */
  static final int QUIET_BATCHES = 2;

  /** One batch of warm-up events; returns how many ran. */
  interface Batch {
    int run(int batchIndex) throws InterruptedException;
  }

  /**
   * What the warm-up took: its events, and the compilers' CPU per event over its last {@code
   * quietFor}.
   */
  record Settled(int events, double microsPerEvent, boolean settled) {}

  /** One batch as the compilers saw it. */
  private record Reading(long startNanos, long compilerNanos, int events) {}

  private JitSettling() {}

  static Settled warmUp(
      List<Long> pids, int minimumEvents, Duration quietFor, Duration allowed, Batch batch)
      throws InterruptedException {
    long deadline = System.nanoTime() + allowed.toNanos();
    Set<Long> timed = new LinkedHashSet<>(pids);
    timed.add(CpuClock.self());
    List<Long> all = List.copyOf(timed);
    List<Reading> window = new ArrayList<>();
    int events = 0;
    for (int i = 0; ; i++) {
      long start = System.nanoTime();
      long before = compilerNanos(all);
      int ran = batch.run(i);
      events += ran;
      long after = compilerNanos(all);
      if (before < 0 || after < 0 || ran == 0) return new Settled(events, Double.NaN, false);
      long now = System.nanoTime();
      window.add(new Reading(start, after - before, ran));
      // the window keeps the fewest batches, newest last, that still cover quietFor
      while (window.size() > QUIET_BATCHES
          && now - window.get(1).startNanos() >= quietFor.toNanos()) {
        window.remove(0);
      }
      double perEvent =
          window.stream().mapToLong(Reading::compilerNanos).sum()
              / 1_000.0
              / window.stream().mapToLong(Reading::events).sum();
      boolean settled =
          window.size() >= QUIET_BATCHES
              && now - window.get(0).startNanos() >= quietFor.toNanos()
              && perEvent < SETTLED_MICROS_PER_EVENT;
      if ((events >= minimumEvents && settled) || now > deadline) {
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
