package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import io.cachesync.bench.SidecarRefused;
import io.cachesync.bench.Workload;
import io.cachesync.bench.load.ClosedLoop;
import io.cachesync.bench.proc.CpuClock;
import io.cachesync.bench.proc.SidecarStats;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Pub/Sub fan-out (issue 14): every invalidation goes to every subscriber of the channel, so the
 * keys per second that reach all of them, and what each delivery costs Redis, are measured against
 * the number of subscribers. The four pods are the sidecars (pod-1 invalidates as {@link
 * InvalidationFamily} does, and all four are subscribed); {@link CountingSubscribers} make up the
 * rest of each count. Beside each count, in the same run, raw Lettuce PUBLISHes of as many keys per
 * message, with as many in flight, to as many Lettuce subscribers: the floor. Keys are counted
 * where they arrive (the peers' {@code invalidations_received}, the light subscribers' frames); the
 * rate runs until the last subscriber has them all. Redis CPU comes from {@code INFO cpu}, divided
 * by PUBLISHes times subscribers.
 *
 * <p>On {@link Topology#CLUSTER} the same runs go over sharded Pub/Sub on the 3-shard cluster: four
 * sidecars with {@code redis.mode: Cluster}, light sharded subscribers, the raw floor SPUBLISH to
 * SSUBSCRIBE through Lettuce's cluster client, and Redis CPU and SPUBLISHes of the channel's shard
 * master. When the sidecars refuse the mode, their figures are reported not measured, with the
 * sidecar's reason, and the raw floor is measured anyway.
 */
public final class FanoutFamily implements Family {
  /** Subscribers on the channel, sidecars included. */
  static final List<Integer> SUBSCRIBERS = List.of(4, 32, 128);

  private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long SUBSCRIBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Topology topology;

  public FanoutFamily() {
    this(Topology.STANDALONE);
  }

  public FanoutFamily(Topology topology) {
    this.topology = topology;
  }

  @Override
  public String name() {
    return topology.family("fanout");
  }

  @Override
  public List<String> figures() {
    List<String> names = new ArrayList<>();
    for (int n : SUBSCRIBERS) names.add(keysPerSecond(n));
    for (int n : SUBSCRIBERS) names.add(rawKeysPerSecond(n));
    for (int n : SUBSCRIBERS) names.add(redisCpu(n));
    for (int n : SUBSCRIBERS) names.add(rawRedisCpu(n));
    names.add(topology.figure("fanout_lost"));
    return names;
  }

  String keysPerSecond(int subscribers) {
    return topology.figure("fanout_keys_per_s_" + subscribers);
  }

  String rawKeysPerSecond(int subscribers) {
    return topology.figure("fanout_raw_keys_per_s_" + subscribers);
  }

  String redisCpu(int subscribers) {
    return topology.figure("fanout_redis_cpu_us_per_msg_" + subscribers);
  }

  String rawRedisCpu(int subscribers) {
    return topology.figure("fanout_raw_redis_cpu_us_per_msg_" + subscribers);
  }

  /**
   * One measured window: what reached every subscriber, how fast, and at what cost to Redis; the
   * PUBLISHes it took and the CPU of the processes besides Redis, for the notes.
   */
  private record Window(
      double keysPerSecond,
      double redisMicrosPerMessage,
      double redisMicrosPerKey,
      long publishes,
      long lost,
      String cpuPerKey) {}

  /**
   * What every run of a window shares; {@code pods} null when the sidecars refused the topology.
   */
  private record Setup(Rig rig, Pods pods, FanoutPubSub pubsub, String rawChannel, Workload w) {}

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    int perCall = w.invalidationKeysPerCall();
    long calls = w.invalidationKeys() / perCall;
    String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    Pods pods = null;
    String refused = null;
    if (topology == Topology.STANDALONE) {
      pods = rig.pods();
    } else {
      try {
        pods = rig.clusterPods();
      } catch (SidecarRefused e) {
        refused = e.getMessage();
      }
    }
    try (FanoutPubSub pubsub = pubSub(rig)) {
      Setup s = new Setup(rig, pods, pubsub, rig.channelName(topology.family("fanout-raw")), w);
      // a tenth as many keys first, untimed, so the sidecars' and Redis's paths are warm
      if (pods != null) sidecar(s, Pods.COUNT, "warm-" + run, calls / 10);
      raw(s, Pods.COUNT, "warm-" + run, calls / 10);
      long lost = 0;
      for (int n : SUBSCRIBERS) {
        Window floor;
        if (pods == null) {
          floor = raw(s, n, n + "-" + run, calls);
          results.notMeasured(keysPerSecond(n), "the sidecars refused the cluster: " + refused);
          results.notMeasured(redisCpu(n), "the sidecars refused the cluster: " + refused);
          results.put(rawKeysPerSecond(n), floor.keysPerSecond());
          results.put(rawRedisCpu(n), floor.redisMicrosPerMessage());
          lost += floor.lost();
          results.note(
              String.format(
                  Locale.ROOT,
                  "%s %d: %,d raw %s calls; Redis CPU per key delivered to one subscriber"
                      + " %.3f us; CPU per key sent, us: %s",
                  name(),
                  n,
                  floor.publishes(),
                  s.pubsub().publishCommand(),
                  floor.redisMicrosPerKey(),
                  floor.cpuPerKey()));
          rig.progress(
              "%d subscribers: %.0f keys/s raw; Redis %.2f us per delivered message",
              n, floor.keysPerSecond(), floor.redisMicrosPerMessage());
          continue;
        }
        Window side = sidecar(s, n, n + "-" + run, calls);
        floor = raw(s, n, n + "-" + run, calls);
        results.put(keysPerSecond(n), side.keysPerSecond());
        results.put(rawKeysPerSecond(n), floor.keysPerSecond());
        results.put(redisCpu(n), side.redisMicrosPerMessage());
        results.put(rawRedisCpu(n), floor.redisMicrosPerMessage());
        lost += side.lost() + floor.lost();
        results.note(
            String.format(
                Locale.ROOT,
                "%s %d: %,d PUBLISHes through the sidecars (%.0f keys each), %,d raw; Redis CPU per"
                    + " key delivered to one subscriber %.3f us (raw %.3f); CPU per key sent, us:"
                    + " %s (raw: %s)",
                name(),
                n,
                side.publishes(),
                (double) calls * perCall / Math.max(1, side.publishes()),
                floor.publishes(),
                side.redisMicrosPerKey(),
                floor.redisMicrosPerKey(),
                side.cpuPerKey(),
                floor.cpuPerKey()));
        rig.progress(
            "%d subscribers: %.0f keys/s through the sidecars, %.0f raw (%.2f x); Redis %.2f vs %.2f"
                + " us per delivered message",
            n,
            side.keysPerSecond(),
            floor.keysPerSecond(),
            side.keysPerSecond() / floor.keysPerSecond(),
            side.redisMicrosPerMessage(),
            floor.redisMicrosPerMessage());
      }
      results.put(topology.figure("fanout_lost"), lost);
      results.note(
          String.format(
              Locale.ROOT,
              "%s: %,d keys per count, %d per call or message, %d in flight; %d sidecars"
                  + " (pod-1 sends) and light Lettuce subscribers make up each count%s",
              name(),
              calls * perCall,
              perCall,
              w.invalidationInFlight(),
              Pods.COUNT,
              topology == Topology.CLUSTER
                  ? "; sharded Pub/Sub, Redis CPU and SPUBLISHes of the channel's shard master"
                  : ""));
    }
  }

  private FanoutPubSub pubSub(Rig rig) {
    return topology == Topology.STANDALONE
        ? new StandalonePubSub(rig.lettuce())
        : new ShardedPubSub(rig.clusterClient(), rig.cluster());
  }

  /** pod-1 invalidates; the three peers and {@code subscribers - 4} light subscribers count. */
  private Window sidecar(Setup s, int subscribers, String run, long calls) {
    int light = subscribers - Pods.COUNT;
    if (light < 0) {
      throw new IllegalArgumentException(
          subscribers + " subscribers: fewer than the " + Pods.COUNT + " sidecars");
    }
    List<LaunchedSidecar> peers = s.pods().peers();
    long sent = calls * s.w().invalidationKeysPerCall();
    try (CountingSubscribers subs =
        s.pubsub().subscribe(s.pods().channel(), light, FrameKeyCount::of)) {
      awaitSubscribers(s.pubsub(), s.pods().channel(), subscribers);
      long[] base = received(peers);
      Supplier<long[]> delivered =
          () -> {
            long[] now = received(peers);
            long[] all = new long[peers.size() + subs.count()];
            for (int i = 0; i < peers.size(); i++) all[i] = now[i] - base[i];
            for (int i = 0; i < subs.count(); i++) all[peers.size() + i] = subs.keys(i);
            return all;
          };
      Map<String, CpuMeter> cpu = new LinkedHashMap<>();
      cpu.put("pod-1", new CpuMeter(s.pods().measured().pid()));
      for (LaunchedSidecar p : peers) cpu.put(p.name(), new CpuMeter(p.pid()));
      cpu.put("harness", new CpuMeter(CpuClock.self()));
      cpu.values().forEach(CpuMeter::start);
      RedisCounters before = s.pubsub().counters(s.pods().channel());
      long t0 = System.nanoTime();
      InvalidationFamily.send(
          CacheServiceGrpc.newStub(s.pods().measured().channel()),
          "fan-" + run,
          calls,
          s.w().invalidationKeysPerCall(),
          s.w().invalidationInFlight());
      Window window =
          awaitDelivery(
              delivered,
              sent,
              t0,
              before,
              () -> s.pubsub().counters(s.pods().channel()),
              subscribers,
              cpu);
      if (subs.unreadable() > 0) {
        throw new IllegalStateException(
            subs.unreadable() + " messages on the pods' channel were not CacheSync frames");
      }
      return window;
    }
  }

  /**
   * Lettuce PUBLISHes (SPUBLISHes) of as many keys per message to {@code subscribers} Lettuce
   * subscribers.
   */
  private Window raw(Setup s, int subscribers, String run, long calls) {
    int perCall = s.w().invalidationKeysPerCall();
    long sent = calls * perCall;
    byte[] channel = s.rawChannel().getBytes(StandardCharsets.UTF_8);
    try (CountingSubscribers subs =
        s.pubsub().subscribe(s.rawChannel(), subscribers, message -> perCall)) {
      awaitSubscribers(s.pubsub(), s.rawChannel(), subscribers);
      Supplier<long[]> delivered =
          () -> {
            long[] all = new long[subs.count()];
            for (int i = 0; i < all.length; i++) all[i] = subs.keys(i);
            return all;
          };
      Map<String, CpuMeter> cpu = Map.of("harness", new CpuMeter(CpuClock.self()));
      cpu.values().forEach(CpuMeter::start);
      RedisCounters before = s.pubsub().counters(s.rawChannel());
      long t0 = System.nanoTime();
      ClosedLoop.forCount(
          s.w().invalidationInFlight(),
          calls,
          SEND_TIMEOUT,
          (index, done) ->
              s.pubsub()
                  .publish(channel, payload("raw-" + run, index, perCall))
                  .whenComplete(
                      (receivers, error) -> {
                        if (error == null) done.ok();
                        else done.failed(error);
                      }));
      return awaitDelivery(
          delivered, sent, t0, before, () -> s.pubsub().counters(s.rawChannel()), subscribers, cpu);
    }
  }

  /** The keys an Invalidate call of the same index would carry, one per line. */
  private static byte[] payload(String run, long index, int perCall) {
    StringBuilder b = new StringBuilder(perCall * 24);
    for (int k = 0; k < perCall; k++) {
      b.append("inv-").append(run).append('-').append(index * perCall + k).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Until every subscriber counted {@code sent} keys, or nothing moved for 3 s; the rate runs from
   * {@code t0} to the last progress, counting only what reached every subscriber.
   */
  private static Window awaitDelivery(
      Supplier<long[]> delivered,
      long sent,
      long t0,
      RedisCounters before,
      Supplier<RedisCounters> counters,
      int subscribers,
      Map<String, CpuMeter> cpu) {
    long[] got = delivered.get();
    long lastProgress = System.nanoTime();
    while (min(got) < sent && System.nanoTime() - lastProgress <= QUIET_NANOS) {
      LockSupport.parkNanos(POLL_NANOS);
      long[] now = delivered.get();
      for (int i = 0; i < now.length; i++) {
        if (now[i] != got[i]) lastProgress = System.nanoTime();
      }
      got = now;
    }
    RedisCounters after = counters.get();
    cpu.values().forEach(CpuMeter::stop);
    long lost = 0;
    for (long g : got) lost += Math.max(0, sent - g);
    double rate = Math.min(sent, min(got)) * 1e9 / Math.max(1, lastProgress - t0);
    StringJoiner perKey = new StringJoiner(", ");
    cpu.forEach(
        (who, meter) ->
            perKey.add(who + " " + String.format(Locale.ROOT, "%.2f", meter.microsPer(sent))));
    double redisPerKey = (after.cpuSeconds() - before.cpuSeconds()) * 1e6 / (sent * subscribers);
    return new Window(
        rate,
        after.microsPerDelivery(before, subscribers),
        redisPerKey,
        after.publishes() - before.publishes(),
        lost,
        perKey.toString());
  }

  private static long min(long[] values) {
    long m = Long.MAX_VALUE;
    for (long v : values) m = Math.min(m, v);
    return m;
  }

  private static long[] received(List<LaunchedSidecar> peers) {
    long[] r = new long[peers.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = SidecarStats.of(peers.get(i), SidecarYaml.HIT_CACHE).getInvalidationsReceived();
    }
    return r;
  }

  /**
   * Until Redis counts exactly {@code expected} subscribers on the channel: the figures are per
   * subscriber count, so a missing sidecar subscription or a stranger on the channel is an error.
   */
  private static void awaitSubscribers(FanoutPubSub pubsub, String channel, int expected) {
    long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT_NANOS;
    long seen = -1;
    while (System.nanoTime() < deadline) {
      seen = pubsub.subscribers(channel);
      if (seen == expected) return;
      LockSupport.parkNanos(POLL_NANOS * 10);
    }
    throw new IllegalStateException(
        "PUBSUB (SHARD)NUMSUB "
            + channel
            + " says "
            + seen
            + " subscribers, the run needs exactly "
            + expected
            + " (is a sidecar unsubscribed, or something else listening?)");
  }
}
