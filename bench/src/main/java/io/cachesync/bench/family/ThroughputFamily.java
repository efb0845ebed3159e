package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.StatsResponse;
import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import io.cachesync.bench.Workload;
import io.cachesync.bench.load.Observers;
import io.cachesync.bench.proc.SidecarStats;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.grpc.ManagedChannel;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;

/**
 * Gets per second with 64 calls in flight on one channel: hits, the same Gets on a cache whose L1
 * holds one entry (every Get goes to L2 in Redis: a sidecar without a near cache), and the floors
 * (the no-op server, Redis GETs through Lettuce's async API). Keys cycle through the preloaded hit
 * keys. Series alternate round by round.
 */
public final class ThroughputFamily implements Family {
  @Override
  public String name() {
    return "throughput";
  }

  @Override
  public List<String> figures() {
    return List.of(
        "get_hit_throughput_ops",
        "noop_grpc_throughput_ops",
        "redis_get_throughput_ops",
        "passthrough_throughput_ops",
        "passthrough_l1_hit_pct");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    Pods pods = rig.pods();
    LaunchedSidecar pod = pods.measured();
    long redisPid = rig.redisPid();
    ThroughputSeries noop =
        gets("no-op", rig.noop().tcp(), SidecarYaml.HIT_CACHE, w).cpuOf("server", rig.noop().pid());
    ThroughputSeries hit =
        gets("hit", pod.channel(), SidecarYaml.HIT_CACHE, w).cpuOf("sidecar", pod.pid());
    ThroughputSeries passthrough =
        gets("pass-through", pod.channel(), SidecarYaml.PASSTHROUGH_CACHE, w)
            .cpuOf("sidecar", pod.pid())
            .cpuOf("redis", redisPid);
    ThroughputSeries redis = redisGets(rig.redisData().async(), w).cpuOf("redis", redisPid);
    List<ThroughputSeries> all = List.of(noop, hit, passthrough, redis);
    for (ThroughputSeries s : all) s.warmUp(w.throughputWarmup());
    StatsResponse before = SidecarStats.of(pod, SidecarYaml.PASSTHROUGH_CACHE);
    Rounds.rotate(all, w.throughputRounds(), s -> s.measure(w.throughputRound()));
    StatsResponse after = SidecarStats.of(pod, SidecarYaml.PASSTHROUGH_CACHE);
    long hits = after.getHits() - before.getHits();
    long misses = after.getMisses() - before.getMisses();
    results.put("get_hit_throughput_ops", hit.perSecond());
    results.put("noop_grpc_throughput_ops", noop.perSecond());
    results.put("redis_get_throughput_ops", redis.perSecond());
    results.put("passthrough_throughput_ops", passthrough.perSecond());
    results.put("passthrough_l1_hit_pct", hits + misses == 0 ? 0 : 100.0 * hits / (hits + misses));
    results.note(
        "throughput, "
            + w.inFlight()
            + " in flight: "
            + String.join("; ", all.stream().map(ThroughputSeries::cpuNote).toList()));
    rig.progress(
        "ops/s: hit %.0f, pass-through %.0f, no-op %.0f, Redis GET %.0f",
        hit.perSecond(), passthrough.perSecond(), noop.perSecond(), redis.perSecond());
  }

  private static ThroughputSeries gets(
      String name, ManagedChannel channel, String cache, Workload w) {
    CacheServiceGrpc.CacheServiceStub stub = CacheServiceGrpc.newStub(channel);
    GetRequest[] requests = Requests.gets(cache, w.hitKeys());
    return new ThroughputSeries(
        name,
        w.inFlight(),
        (index, done) ->
            stub.get(
                requests[(int) (index % requests.length)],
                Observers.completing(done, GetResponse::getFound, name + " Get")));
  }

  private static ThroughputSeries redisGets(RedisAsyncCommands<String, byte[]> redis, Workload w) {
    String[] keys = new String[w.hitKeys()];
    for (int i = 0; i < keys.length; i++) keys[i] = Rig.REDIS_HIT_PREFIX + Pods.hitKey(i);
    return new ThroughputSeries(
        "redis GET",
        w.inFlight(),
        (index, done) ->
            redis
                .get(keys[(int) (index % keys.length)])
                .whenComplete(
                    (v, e) -> {
                      if (e != null) done.failed(e);
                      else if (v == null) done.failed(new IllegalStateException("GET missed"));
                      else done.ok();
                    }));
  }
}
