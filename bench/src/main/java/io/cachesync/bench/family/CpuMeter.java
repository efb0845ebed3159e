package io.cachesync.bench.family;

import io.cachesync.bench.proc.CpuClock;

/**
 * Accumulates one process's CPU time over the measured windows of a series, so a figure can say how
 * much of a call's time was work (and whose) and how much was waiting.
 */
final class CpuMeter {
  private final long pid;
  private long total;
  private long started = -1;
  private long systemTotal;
  private long userTotal;
  private long[] startedSplit;
  private long switches;
  private long startedSwitches = -1;

  /** {@code pid} -1: nothing to measure (Redis in a container, say); every figure is then NaN. */
  CpuMeter(long pid) {
    this.pid = pid;
  }

  void start() {
    // the reading itself costs the harness CPU: the CPU clock last here and first in stop()
    startedSwitches = pid < 0 ? -1 : CpuClock.switches(pid);
    startedSplit = pid < 0 ? null : CpuClock.userSystemNanos(pid);
    started = pid < 0 ? -1 : CpuClock.nanos(pid);
  }

  void stop() {
    if (started < 0) return;
    long now = CpuClock.nanos(pid);
    if (now >= 0) total += now - started;
    long switchesNow = CpuClock.switches(pid);
    if (switchesNow >= 0 && startedSwitches >= 0) switches += switchesNow - startedSwitches;
    long[] split = CpuClock.userSystemNanos(pid);
    if (split != null && startedSplit != null) {
      userTotal += split[0] - startedSplit[0];
      systemTotal += split[1] - startedSplit[1];
    }
  }

  /** The share of the CPU time spent in the kernel (10 ms ticks: meaningful over seconds). */
  double systemShare() {
    long both = userTotal + systemTotal;
    return both == 0 ? Double.NaN : (double) systemTotal / both;
  }

  boolean known() {
    return pid >= 0 && total > 0;
  }

  /** Context switches per operation ({@link CpuClock#switches}), NaN when unknown. */
  double switchesPer(long operations) {
    return known() && operations > 0 ? (double) switches / operations : Double.NaN;
  }

  /** CPU microseconds per operation, NaN when unknown. */
  double microsPer(long operations) {
    return known() && operations > 0 ? total / 1_000.0 / operations : Double.NaN;
  }
}
