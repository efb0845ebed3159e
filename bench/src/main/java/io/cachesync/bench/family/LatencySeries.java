package io.cachesync.bench.family;

import io.cachesync.bench.load.LatencySamples;
import io.cachesync.bench.proc.CpuClock;

/**
 * One series of sequential calls (one in flight) and its samples. A call throws when the answer is
 * not what the series is about (a miss where a hit was meant), so no figure hides a wrong answer.
 */
final class LatencySeries {
  interface Call {
    void run();
  }

  private final String name;
  private final Call call;
  private final LatencySamples samples = new LatencySamples();
  private final CpuMeter server;
  private final CpuMeter client = new CpuMeter(CpuClock.self());

  /** {@code serverPid}: the process that answers, whose CPU per call is measured (-1: none). */
  LatencySeries(String name, long serverPid, Call call) {
    this.name = name;
    this.call = call;
    this.server = new CpuMeter(serverPid);
  }

  String name() {
    return name;
  }

  void warmUp(int calls) {
    for (int i = 0; i < calls; i++) call.run();
  }

  void measure(int calls) {
    server.start();
    client.start();
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      call.run();
      samples.add(System.nanoTime() - t0);
    }
    server.stop();
    client.stop();
  }

  /**
   * {@code hit tcp: mean 210 us; CPU per call: server 130 (35% kernel), client 160 (40% kernel)}.
   */
  String cpuNote() {
    return String.format(
        java.util.Locale.ROOT,
        "%s: mean %.0f us; CPU per call: server %.0f us (%.0f%% kernel), client %.0f us (%.0f%%"
            + " kernel)",
        name,
        samples.meanMicros(),
        serverCpu(),
        100 * server.systemShare(),
        clientCpu(),
        100 * client.systemShare());
  }

  /** CPU microseconds the answering process spent per call. */
  double serverCpu() {
    return server.microsPer(samples.size());
  }

  /** CPU microseconds the harness (the client) spent per call, all its threads together. */
  double clientCpu() {
    return client.microsPer(samples.size());
  }

  double p(double percent) {
    return samples.percentileMicros(percent);
  }
}
