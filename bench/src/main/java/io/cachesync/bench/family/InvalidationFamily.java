package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.StatsResponse;
import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import io.cachesync.bench.Workload;
import io.cachesync.bench.load.ClosedLoop;
import io.cachesync.bench.load.Observers;
import io.cachesync.bench.proc.CpuClock;
import io.cachesync.bench.proc.SidecarStats;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Invalidation throughput across the bus: pod-1 invalidates distinct keys, 100 per call with 32
 * calls in flight (after an untimed tenth as many to warm the JITs), and the three peers' Stats
 * count the keys they applied ({@code invalidations_received}). The rate runs from the first call
 * to the moment the last peer has applied them all; keys a peer never applied (a lost frame, or a
 * gap that made it clear instead) are counted as lost. Over {@link Bus#STREAM} the same runs over
 * the pods whose bus is a Redis Stream ({@code stream_invalidation_*}), over {@link Bus#SIGNED}
 * over the pods that sign every frame ({@code signed_invalidation_*}).
 */
public final class InvalidationFamily implements Family {
  private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Bus bus;

  public InvalidationFamily() {
    this(Bus.PUB_SUB);
  }

  public InvalidationFamily(Bus bus) {
    this.bus = bus;
  }

  @Override
  public String name() {
    return bus.family("invalidation");
  }

  @Override
  public List<String> figures() {
    return List.of(
        bus.figure("invalidation_keys_per_s"),
        bus.figure("invalidation_lost"),
        bus.figure("invalidation_gaps"));
  }

  /** {@code calls} Invalidate calls of {@code perCall} distinct keys each (fan-out sends alike). */
  static void send(
      CacheServiceGrpc.CacheServiceStub stub, String run, long calls, int perCall, int inFlight) {
    ClosedLoop.forCount(
        inFlight,
        calls,
        SEND_TIMEOUT,
        (index, done) -> {
          InvalidateRequest.Builder b =
              InvalidateRequest.newBuilder().setCache(SidecarYaml.HIT_CACHE);
          for (int k = 0; k < perCall; k++) b.addKeys("inv-" + run + "-" + (index * perCall + k));
          stub.invalidate(b.build(), Observers.completing(done, r -> true, "Invalidate"));
        });
  }

  /** Until the peers' received counts stop moving (at most a few seconds). */
  private static void awaitQuiet(List<LaunchedSidecar> peers) {
    long[] last = new long[peers.size()];
    long quietSince = System.nanoTime();
    long deadline = quietSince + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && System.nanoTime() - quietSince < POLL_NANOS * 40) {
      for (int i = 0; i < peers.size(); i++) {
        long r = SidecarStats.of(peers.get(i), SidecarYaml.HIT_CACHE).getInvalidationsReceived();
        if (r != last[i]) quietSince = System.nanoTime();
        last[i] = r;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    Pods pods = bus.pods(rig);
    List<LaunchedSidecar> peers = pods.peers();
    int perCall = w.invalidationKeysPerCall();
    long calls = w.invalidationKeys() / perCall;
    long sent = calls * perCall;
    String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    CacheServiceGrpc.CacheServiceStub stub = CacheServiceGrpc.newStub(pods.measured().channel());
    // a tenth as many keys first, untimed, so the JITs of all four sidecars have compiled the path
    send(stub, "warm-" + run, calls / 10, perCall, w.invalidationInFlight());
    awaitQuiet(peers);
    long[] received0 = new long[peers.size()];
    long gaps0 = 0;
    for (int i = 0; i < peers.size(); i++) {
      StatsResponse s = SidecarStats.of(peers.get(i), SidecarYaml.HIT_CACHE);
      received0[i] = s.getInvalidationsReceived();
      gaps0 += s.getGaps();
    }
    Map<String, CpuMeter> cpu = new LinkedHashMap<>();
    cpu.put("pod-1", new CpuMeter(pods.measured().pid()));
    for (LaunchedSidecar p : peers) cpu.put(p.name(), new CpuMeter(p.pid()));
    cpu.put("redis", new CpuMeter(rig.redisPid()));
    cpu.put("harness", new CpuMeter(CpuClock.self()));
    cpu.values().forEach(CpuMeter::start);
    long t0 = System.nanoTime();
    send(stub, run, calls, perCall, w.invalidationInFlight());
    long sentNanos = System.nanoTime() - t0;
    // wait until every peer applied every key, or nothing moved for 3 s
    long[] applied = new long[peers.size()];
    long lastProgress = System.nanoTime();
    long gaps = 0;
    while (true) {
      long total = 0;
      long min = Long.MAX_VALUE;
      gaps = 0;
      for (int i = 0; i < peers.size(); i++) {
        StatsResponse s = SidecarStats.of(peers.get(i), SidecarYaml.HIT_CACHE);
        long a = s.getInvalidationsReceived() - received0[i];
        if (a != applied[i]) lastProgress = System.nanoTime();
        applied[i] = a;
        total += a;
        min = Math.min(min, a);
        gaps += s.getGaps();
      }
      if (min >= sent || System.nanoTime() - lastProgress > QUIET_NANOS) break;
      LockSupport.parkNanos(POLL_NANOS);
    }
    cpu.values().forEach(CpuMeter::stop);
    long elapsed = lastProgress - t0;
    long lost = 0;
    long minApplied = Long.MAX_VALUE;
    for (long a : applied) {
      lost += Math.max(0, sent - a);
      minApplied = Math.min(minApplied, a);
    }
    double rate = Math.min(sent, minApplied) * 1e9 / Math.max(1, elapsed);
    results.put(bus.figure("invalidation_keys_per_s"), rate);
    results.put(bus.figure("invalidation_lost"), lost);
    results.put(bus.figure("invalidation_gaps"), gaps - gaps0);
    results.note(
        String.format(
            name()
                + ": %,d keys in %,d calls sent in %d ms; the last peer had applied them"
                + " after %d ms",
            sent,
            calls,
            TimeUnit.NANOSECONDS.toMillis(sentNanos),
            TimeUnit.NANOSECONDS.toMillis(elapsed)));
    StringJoiner perKey = new StringJoiner(", ");
    cpu.forEach(
        (who, meter) ->
            perKey.add(who + " " + String.format(Locale.ROOT, "%.1f", meter.microsPer(sent))));
    results.note(name() + ": CPU per key sent, in us: " + perKey);
    rig.progress("%.0f keys/s applied on every peer, %d lost", rate, lost);
  }
}
