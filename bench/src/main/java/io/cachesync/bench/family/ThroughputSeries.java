package io.cachesync.bench.family;

import io.cachesync.bench.load.ClosedLoop;
import io.cachesync.bench.proc.CpuClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One closed-loop series: calls completed over all its measured windows, per second, and the CPU
 * each process involved spent per call (the harness always; the servers named with {@link #cpuOf}).
 * On 2 cores shared by client and servers, CPU per call is what bounds throughput.
 */
final class ThroughputSeries {
  private final String name;
  private final int inFlight;
  private final ClosedLoop.Call call;
  private final Map<String, CpuMeter> cpu = new LinkedHashMap<>();
  private long completed;
  private long elapsedNanos;

  ThroughputSeries(String name, int inFlight, ClosedLoop.Call call) {
    this.name = name;
    this.inFlight = inFlight;
    this.call = call;
  }

  /** Also measures {@code pid}'s CPU per call, reported as {@code label}. */
  ThroughputSeries cpuOf(String label, long pid) {
    cpu.put(label, new CpuMeter(pid));
    return this;
  }

  String name() {
    return name;
  }

  void warmUp(Duration window) {
    ClosedLoop.forDuration(inFlight, window, call);
  }

  void measure(Duration window) {
    cpu.putIfAbsent("harness", new CpuMeter(CpuClock.self()));
    cpu.values().forEach(CpuMeter::start);
    ClosedLoop.Outcome o = ClosedLoop.forDuration(inFlight, window, call);
    cpu.values().forEach(CpuMeter::stop);
    completed += o.completed();
    elapsedNanos += o.elapsedNanos();
  }

  double perSecond() {
    return completed * 1e9 / elapsedNanos;
  }

  /** {@code hit: sidecar 41 + harness 63 us of CPU per call}. */
  String cpuNote() {
    StringJoiner parts = new StringJoiner(" + ");
    cpu.forEach(
        (label, meter) ->
            parts.add(
                label + " " + String.format(Locale.ROOT, "%.0f", meter.microsPer(completed))));
    return name + ": " + parts + " us of CPU per call";
  }
}
