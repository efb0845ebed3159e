package io.cachesync.bench.family;

import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import io.cachesync.bench.Workload;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.cachesync.client.CacheSyncClient;
import io.cachesync.client.CacheView;
import io.cachesync.client.L0Config;
import io.cachesync.client.ValueCodec;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * A hit through the Java client's in-process L0, one call in flight, against the same client
 * without L0 (a sidecar hit over TCP) and a Redis GET through Lettuce, in interleaved rounds of the
 * same run: what a JVM app gains by keeping a Watch-kept copy instead of a gRPC call per read.
 */
public final class L0Family implements Family {
  @Override
  public String name() {
    return "l0";
  }

  @Override
  public List<String> figures() {
    return List.of(
        "l0_hit_p50_us",
        "l0_hit_p99_us",
        "l0_hit_p50_vs_redis_us",
        "l0_sidecar_hit_p50_us",
        "l0_sidecar_hit_p99_us",
        "l0_redis_get_p50_us",
        "l0_redis_get_p99_us");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    Pods pods = rig.pods();
    String target = "127.0.0.1:" + pods.measured().port();
    String key = Pods.hitKey(0);
    RedisCommands<String, byte[]> redis = rig.redisData().sync();
    String redisKey = Rig.REDIS_HIT_PREFIX + key;
    try (CacheSyncClient withL0 =
            CacheSyncClient.builder().target(target).l0(L0Config.entries(10_000)).build();
        CacheSyncClient without = CacheSyncClient.builder().target(target).build()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!withL0.l0Live()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("L0's Watch stream was not established in 30 s");
        }
        Thread.onSpinWait();
      }
      CacheView<String, byte[]> l0 = withL0.cache(SidecarYaml.HIT_CACHE, ValueCodec.bytes());
      CacheView<String, byte[]> sidecar = without.cache(SidecarYaml.HIT_CACHE, ValueCodec.bytes());
      if (l0.get(key).isEmpty() || l0.peekL0(key).isEmpty()) {
        throw new IllegalStateException("the hit key " + key + " did not reach L0");
      }
      long sidecarPid = pods.measured().pid();
      LatencySeries l0Hit = hit("l0 hit", -1, l0);
      LatencySeries sidecarHit = hit("sidecar hit (client, no L0)", sidecarPid, sidecar);
      LatencySeries redisGet =
          new LatencySeries(
              "redis GET",
              rig.redisPid(),
              () -> {
                if (redis.get(redisKey) == null) throw new IllegalStateException("GET missed");
              });
      List<LatencySeries> all = List.of(l0Hit, sidecarHit, redisGet);
      for (LatencySeries s : all) s.warmUp(w.latencyWarmupCalls());
      Rounds.rotate(all, w.latencyRounds(), s -> s.measure(w.latencyCallsPerRound()));
      // a change in the middle would have sent some L0 calls to the sidecar: say so, do not hide it
      if (l0.peekL0(key).isEmpty() || !withL0.l0Live()) {
        throw new IllegalStateException("L0 lost the hit key during the run: figures not L0's");
      }
      results.put("l0_hit_p50_us", l0Hit.p(50));
      results.put("l0_hit_p99_us", l0Hit.p(99));
      results.put("l0_hit_p50_vs_redis_us", l0Hit.p(50));
      results.put("l0_sidecar_hit_p50_us", sidecarHit.p(50));
      results.put("l0_sidecar_hit_p99_us", sidecarHit.p(99));
      results.put("l0_redis_get_p50_us", redisGet.p(50));
      results.put("l0_redis_get_p99_us", redisGet.p(99));
      results.note(
          "l0, one in flight: "
              + String.join("; ", all.stream().map(LatencySeries::cpuNote).toList()));
      rig.progress(
          "p50: L0 hit %.2f us, sidecar hit %.0f us, Redis GET %.0f us",
          l0Hit.p(50), sidecarHit.p(50), redisGet.p(50));
    }
  }

  private static LatencySeries hit(String name, long serverPid, CacheView<String, byte[]> view) {
    String key = Pods.hitKey(0);
    return new LatencySeries(
        name,
        serverPid,
        () -> {
          if (view.get(key).isEmpty()) throw new IllegalStateException(name + ": a hit missed");
        });
  }
}
