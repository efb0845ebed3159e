package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import io.cachesync.bench.Workload;
import io.cachesync.bench.load.LatencySamples;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How fast an invalidation reaches the other pods: Invalidate of one key on pod-1, and the event on
 * the Watch streams of pods 2 to 4, against raw Pub/Sub through Lettuce (one publisher, three
 * subscribers) in the same run. One event is in flight at a time; rounds alternate between the two.
 *
 * <p>The figure starts when Invalidate returns, as the issue defines it. The sidecar answers once
 * Redis acknowledged the PUBLISH, and Redis writes to the subscribers before it answers the
 * publisher, so an event can reach a peer before the call returns: such events count as 0 and their
 * share is reported, and the same events are also timed from the call ({@code propagation_call_*}).
 *
 * <p>Over {@link Bus#STREAM} the same events run over the pods whose bus is a Redis Stream ({@code
 * stream_propagation_*}), over {@link Bus#SIGNED} over the pods that sign every frame ({@code
 * signed_propagation_*}), each against the unsigned Pub/Sub figures of the same run; no raw
 * baseline of their own.
 */
public final class PropagationFamily implements Family {
  private static final long EVENT_TIMEOUT_MILLIS = 2_000;
  static final String PREFIX = "p-";
  static final char READY = 'r';
  static final char WARM_UP = 'w';
  static final char MEASURED = 'm';
  static final char LOADED = 'l';
  static final char COMPARED = 'c';

  private final Bus bus;

  public PropagationFamily() {
    this(Bus.PUB_SUB);
  }

  public PropagationFamily(Bus bus) {
    this.bus = bus;
  }

  @Override
  public String name() {
    return bus.family("propagation");
  }

  @Override
  public List<String> figures() {
    if (!bus.isDefault()) {
      return List.of(
          bus.figure("propagation_p50_us"),
          bus.figure("propagation_p99_us"),
          bus.figure("propagation_lost"));
    }
    return List.of(
        "propagation_p50_us",
        "propagation_p99_us",
        "propagation_call_p50_us",
        "propagation_call_p99_us",
        "propagation_early_pct",
        "propagation_lost",
        "invalidate_call_p50_us",
        "pubsub_raw_publish_p50_us",
        "pubsub_raw_p50_us",
        "pubsub_raw_p99_us",
        "propagation_loaded_p99_us",
        "pubsub_raw_loaded_p99_us",
        "propagation_sender_cpu_us",
        "propagation_peer_cpu_us",
        "propagation_redis_cpu_us",
        "pubsub_raw_redis_cpu_us",
        "propagation_sender_switches",
        "propagation_peer_switches");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    Pods pods = bus.pods(rig);
    Arrivals events = new Arrivals(pods.peers().size());
    Arrivals messages = new Arrivals(pods.peers().size());
    var invalidate = CacheServiceGrpc.newBlockingStub(pods.measured().channel());
    Counts counts = new Counts();
    Counts loaded = new Counts();
    PathCosts costs = new PathCosts(pods, bus.isDefault() ? rig.redisPid() : -1);
    try (WatchStreams watches =
            new WatchStreams(
                pods.peers(),
                p -> rig.channels().tcpDirect(p.port()),
                SidecarYaml.HIT_CACHE,
                PREFIX,
                events);
        RawPubSub raw =
            bus.isDefault()
                ? new RawPubSub(rig.lettuce(), rig.channelName("raw"), messages)
                : null) {
      awaitWatching(invalidate, events);
      Counts warm = new Counts();
      // read as the measured rounds read them, so the harness's JIT compiles these /proc reads now
      PathCosts rehearsal = new PathCosts(pods, bus.isDefault() ? rig.redisPid() : -1);
      int batch = w.propagationWarmup();
      JitSettling.Settled settled =
          JitSettling.warmUp(
              pods.all().stream().map(LaunchedSidecar::pid).toList(),
              w.propagationWarmup(),
              quietFor(w),
              warmUpAllowed(w),
              b -> {
                rehearsal.sidecarPath(true);
                rehearsal.rawPath(true);
                for (int i = 0; i < batch; i++) {
                  oneEvent(invalidate, events, key(WARM_UP, b * batch + i), warm);
                  if (raw != null) oneMessage(raw, messages, payload(WARM_UP, b * batch + i), warm);
                }
                rehearsal.sidecarPath(false);
                rehearsal.rawPath(false);
                return batch;
              });
      noteWarmUp(results, name(), settled, quietFor(w));
      int perRound = Math.max(1, w.propagationEvents() / w.propagationRounds());
      int n = 0;
      for (int round = 0; round < w.propagationRounds(); round++) {
        costs.sidecarPath(true);
        for (int i = 0; i < perRound; i++) {
          oneEvent(invalidate, events, key(MEASURED, n + i), counts);
        }
        costs.sidecarPath(false);
        costs.rawPath(true);
        for (int i = 0; raw != null && i < perRound; i++) {
          oneMessage(raw, messages, payload(MEASURED, n + i), counts);
        }
        costs.rawPath(false);
        n += perRound;
      }
      costs.events = (long) perRound * w.propagationRounds();
      if (raw != null) {
        // the same rounds, half as many, beside a neighbour that wants a whole core
        try (CompetingLoad neighbour = CompetingLoad.start()) {
          for (int round = 0; round < w.propagationRounds(); round++) {
            for (int i = 0; i < perRound / 2; i++) {
              oneEvent(invalidate, events, key(LOADED, n + i), loaded);
              oneMessage(raw, messages, payload(LOADED, n + i), loaded);
            }
            n += perRound / 2;
          }
        }
      }
    }
    results.put(bus.figure("propagation_p50_us"), counts.fromReturn.percentileMicros(50));
    results.put(bus.figure("propagation_p99_us"), counts.fromReturn.percentileMicros(99));
    results.put(bus.figure("propagation_lost"), counts.lostEvents + loaded.lostEvents);
    if (!bus.isDefault()) {
      rig.progress(
          "p99: %s %.0f us (%d events x %d peers)",
          name(),
          counts.fromReturn.percentileMicros(99),
          counts.fromReturn.size() / Math.max(1, events.receivers()),
          events.receivers());
      return;
    }
    results.put("propagation_call_p50_us", counts.fromCall.percentileMicros(50));
    results.put("propagation_call_p99_us", counts.fromCall.percentileMicros(99));
    results.put("propagation_early_pct", 100.0 * counts.early / counts.fromReturn.size());
    results.put("invalidate_call_p50_us", counts.calls.percentileMicros(50));
    results.put("pubsub_raw_publish_p50_us", counts.publishes.percentileMicros(50));
    results.put("pubsub_raw_p50_us", counts.raw.percentileMicros(50));
    results.put("pubsub_raw_p99_us", counts.raw.percentileMicros(99));
    results.put("propagation_loaded_p99_us", loaded.fromReturn.percentileMicros(99));
    results.put("pubsub_raw_loaded_p99_us", loaded.raw.percentileMicros(99));
    results.put("propagation_sender_cpu_us", costs.sender.microsPer(costs.events));
    results.put("propagation_peer_cpu_us", costs.peerMicros());
    results.put("propagation_redis_cpu_us", costs.redis.microsPer(costs.events));
    results.put("pubsub_raw_redis_cpu_us", costs.rawRedis.microsPer(costs.events));
    results.put("propagation_sender_switches", costs.sender.switchesPer(costs.events));
    results.put("propagation_peer_switches", costs.peerSwitches());
    if (counts.lostMessages + loaded.lostMessages > 0) {
      results.note(
          "propagation: "
              + (counts.lostMessages + loaded.lostMessages)
              + " raw Pub/Sub messages never arrived");
    }
    rig.progress(
        "p99: propagation %.0f us, raw Pub/Sub %.0f us (%d events x %d peers)",
        counts.fromReturn.percentileMicros(99),
        counts.raw.percentileMicros(99),
        counts.fromReturn.size() / Math.max(1, events.receivers()),
        events.receivers());
  }

  /**
   * What the events cost each process on the path, over the measured rounds only: CPU and context
   * switches of the sender (pod-1), of each peer, and of Redis; Redis also over the raw rounds.
   */
  static final class PathCosts {
    final CpuMeter sender;
    final List<CpuMeter> peers;
    final CpuMeter redis;
    final CpuMeter rawRedis;
    long events;

    PathCosts(Pods pods, long redisPid) {
      sender = new CpuMeter(pods.measured().pid());
      peers = pods.peers().stream().map(p -> new CpuMeter(p.pid())).toList();
      redis = new CpuMeter(redisPid);
      rawRedis = new CpuMeter(redisPid);
    }

    void sidecarPath(boolean start) {
      for (CpuMeter m : all()) {
        if (start) m.start();
        else m.stop();
      }
    }

    void rawPath(boolean start) {
      if (start) rawRedis.start();
      else rawRedis.stop();
    }

    double peerMicros() {
      return peers.stream().mapToDouble(m -> m.microsPer(events)).average().orElse(Double.NaN);
    }

    double peerSwitches() {
      return peers.stream().mapToDouble(m -> m.switchesPer(events)).average().orElse(Double.NaN);
    }

    private List<CpuMeter> all() {
      List<CpuMeter> all = new ArrayList<>(peers);
      all.add(sender);
      all.add(redis);
      return all;
    }
  }

  /**
   * The key of event {@code n} of a phase ({@link #WARM_UP}, {@link #MEASURED}...). Every key of
   * the propagation families has the same length, hence the same form in the sidecars' L1 (a short
   * key is packed into an object whose class depends on its length): warmed up on longer keys than
   * the measured ones, the sidecars met a new key class in the measured rounds, and their JIT
   * compilers spent 40-130 µs of CPU per event recompiling, on the cores the events needed
   * (docs/BENCHMARKS.md, "The propagation tail").
   */
  static String key(char phase, int n) {
    return PREFIX + payload(phase, n);
  }

  /** A raw Pub/Sub message of a phase, shaped as the keys are. */
  static String payload(char phase, int n) {
    String digits = Integer.toString(n);
    return phase + "0".repeat(Math.max(0, 8 - digits.length())) + digits;
  }

  /** How long the warm-up may wait for the JIT to settle: a minute, seconds in a quick run. */
  static Duration warmUpAllowed(Workload w) {
    return w.quick() ? Duration.ofSeconds(5) : Duration.ofSeconds(60);
  }

  /**
   * How long the compilers must stay quiet to call the warm-up done: 3 s, longer than a hot method
   * took here to be compiled again after its compiled code met a rare branch (2.7 s); half a second
   * in a quick run.
   */
  static Duration quietFor(Workload w) {
    return w.quick() ? Duration.ofMillis(500) : Duration.ofSeconds(3);
  }

  static void noteWarmUp(Results results, String family, JitSettling.Settled s, Duration quiet) {
    results.note(
        String.format(
            Locale.ROOT,
            "%s: warmed up with %,d events until the JIT compilers of the sidecars and the harness"
                + " %s (%.1f µs of their CPU per event over the last %d s)",
            family,
            s.events(),
            s.settled() ? "settled" : "still worked when the time allowed was up",
            s.microsPerEvent(),
            quiet.toSeconds()));
  }

  /** What one series of events found. */
  static final class Counts {
    final LatencySamples fromReturn = new LatencySamples();
    final LatencySamples fromCall = new LatencySamples();
    final LatencySamples raw = new LatencySamples();
    final LatencySamples calls = new LatencySamples();
    final LatencySamples publishes = new LatencySamples();
    long early;
    long lostEvents;
    long lostMessages;
  }

  /**
   * Watch calls return no first message: an invalidation is repeated until every peer's stream
   * shows it, which proves the streams are registered before anything is timed.
   */
  static void awaitWatching(CacheServiceGrpc.CacheServiceBlockingStub invalidate, Arrivals events)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (int i = 0; System.nanoTime() < deadline; i++) {
      String key = key(READY, i);
      events.expect(key);
      call(invalidate, key);
      long[] at = events.await(500);
      boolean all = true;
      for (long t : at) all &= t != 0;
      if (all) return;
    }
    throw new IllegalStateException(
        "the peers' Watch streams did not show an invalidation in 20 s");
  }

  static void oneEvent(
      CacheServiceGrpc.CacheServiceBlockingStub invalidate,
      Arrivals events,
      String key,
      Counts counts)
      throws InterruptedException {
    events.expect(key);
    long t0 = System.nanoTime();
    call(invalidate, key);
    long t1 = System.nanoTime();
    counts.calls.add(t1 - t0);
    for (long at : events.await(EVENT_TIMEOUT_MILLIS)) {
      if (at == 0) {
        counts.lostEvents++;
        continue;
      }
      if (at < t1) counts.early++;
      counts.fromReturn.add(Math.max(0, at - t1));
      counts.fromCall.add(at - t0);
    }
  }

  static void oneMessage(RawPubSub raw, Arrivals messages, String payload, Counts counts)
      throws InterruptedException {
    messages.expect(payload);
    long t0 = System.nanoTime();
    raw.publish(payload);
    counts.publishes.add(System.nanoTime() - t0);
    for (long at : messages.await(EVENT_TIMEOUT_MILLIS)) {
      if (at == 0) counts.lostMessages++;
      else counts.raw.add(at - t0);
    }
  }

  private static void call(CacheServiceGrpc.CacheServiceBlockingStub stub, String key) {
    stub.withDeadlineAfter(10, TimeUnit.SECONDS)
        .invalidate(
            InvalidateRequest.newBuilder().setCache(SidecarYaml.HIT_CACHE).addKeys(key).build());
  }
}
