package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import io.cachesync.bench.Workload;
import io.cachesync.bench.load.ClosedLoop;
import io.cachesync.bench.load.Observers;
import io.cachesync.bench.net.DelayProxy;
import io.cachesync.bench.proc.NoopServerProcess;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.grpc.ManagedChannel;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Get hit latency with one call in flight, against its floors: the no-op gRPC server over the same
 * transport (TCP and Unix socket) and a Redis GET through Lettuce's synchronous API. The series are
 * warmed up (both JITs: a burst of concurrent calls, then sequential ones), then measured in
 * interleaved rounds with the order rotated each round, so that a busy neighbour on the shared
 * machine hurts every series alike. The CPU each call cost the server and the client is measured
 * too: it says how much of the latency is work and how much is waiting (wake-ups, the loopback).
 *
 * <p>No production Redis is on loopback, so a second Redis floor sits one network hop away: the
 * same server through a {@link DelayProxy} that holds every chunk {@code --remote-delay-us} (100
 * µs) each way. The loopback floor stays the hard target; the remote one says what an application
 * that reads Redis across the network pays instead of a sidecar hit. The proxy runs in the harness,
 * so that series' client CPU in the note includes the proxy's (its spin before each chunk is due).
 */
public final class LatencyFamily implements Family {
  @Override
  public String name() {
    return "latency";
  }

  @Override
  public List<String> figures() {
    return List.of(
        "get_hit_p50_us",
        "get_hit_p50_vs_redis_us",
        "get_hit_p99_us",
        "get_hit_uds_p50_us",
        "get_hit_uds_p99_us",
        "noop_grpc_p50_us",
        "noop_grpc_p99_us",
        "noop_grpc_uds_p50_us",
        "noop_grpc_uds_p99_us",
        "redis_get_p50_us",
        "redis_get_p99_us",
        "redis_get_remote_p50_us",
        "redis_get_remote_p99_us",
        "get_hit_p50_vs_remote_redis_us",
        "get_hit_server_cpu_us",
        "get_hit_client_cpu_us",
        "noop_grpc_server_cpu_us",
        "noop_grpc_client_cpu_us",
        "redis_get_server_cpu_us",
        "redis_get_client_cpu_us");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    Pods pods = rig.pods();
    NoopServerProcess noop = rig.noop();
    RedisCommands<String, byte[]> redis = rig.redisData().sync();
    GetRequest get =
        GetRequest.newBuilder().setCache(SidecarYaml.HIT_CACHE).setKey(Pods.hitKey(0)).build();
    String redisKey = Rig.REDIS_HIT_PREFIX + Pods.hitKey(0);
    long sidecar = pods.measured().pid();
    LatencySeries noopTcp = grpc("noop tcp", noop.pid(), noop.tcp(), get);
    LatencySeries hitTcp = grpc("hit tcp", sidecar, pods.measured().channel(), get);
    LatencySeries noopUds = grpc("noop uds", noop.pid(), noop.uds(), get);
    ManagedChannel podUds = rig.channels().uds(pods.socket());
    LatencySeries hitUds = grpc("hit uds", sidecar, podUds, get);
    LatencySeries redisGet =
        new LatencySeries(
            "redis GET",
            rig.redisPid(),
            () -> {
              if (redis.get(redisKey) == null) throw new IllegalStateException("GET missed");
            });
    RedisCommands<String, byte[]> remote = rig.remoteRedisData().sync();
    LatencySeries remoteGet =
        new LatencySeries(
            "redis GET remote",
            rig.redisPid(),
            () -> {
              if (remote.get(redisKey) == null) throw new IllegalStateException("GET missed");
            });
    List<LatencySeries> all = List.of(noopTcp, hitTcp, noopUds, hitUds, redisGet, remoteGet);
    // both JITs first see a burst of concurrent calls (tens of thousands), then the sequential path
    for (ManagedChannel c : List.of(noop.tcp(), pods.measured().channel(), noop.uds(), podUds)) {
      warmUp(c, get, rig);
    }
    for (LatencySeries s : all) s.warmUp(w.latencyWarmupCalls());
    Rounds.rotate(all, w.latencyRounds(), s -> s.measure(w.latencyCallsPerRound()));
    results.put("get_hit_p50_us", hitTcp.p(50));
    results.put("get_hit_p50_vs_redis_us", hitTcp.p(50));
    results.put("get_hit_p99_us", hitTcp.p(99));
    results.put("get_hit_uds_p50_us", hitUds.p(50));
    results.put("get_hit_uds_p99_us", hitUds.p(99));
    results.put("noop_grpc_p50_us", noopTcp.p(50));
    results.put("noop_grpc_p99_us", noopTcp.p(99));
    results.put("noop_grpc_uds_p50_us", noopUds.p(50));
    results.put("noop_grpc_uds_p99_us", noopUds.p(99));
    results.put("redis_get_p50_us", redisGet.p(50));
    results.put("redis_get_p99_us", redisGet.p(99));
    results.put("redis_get_remote_p50_us", remoteGet.p(50));
    results.put("redis_get_remote_p99_us", remoteGet.p(99));
    results.put("get_hit_p50_vs_remote_redis_us", hitTcp.p(50));
    DelayProxy proxy = rig.remoteProxy();
    results.note(
        String.format(
            Locale.ROOT,
            "remote Redis: a proxy on 127.0.0.1 set to %d us each way really held chunks %.0f us"
                + " (p50), %.0f us (p99)",
            proxy.delay().toNanos() / 1_000,
            proxy.addedMicros(50),
            proxy.addedMicros(99)));
    results.put("get_hit_server_cpu_us", hitTcp.serverCpu());
    results.put("get_hit_client_cpu_us", hitTcp.clientCpu());
    results.put("noop_grpc_server_cpu_us", noopTcp.serverCpu());
    results.put("noop_grpc_client_cpu_us", noopTcp.clientCpu());
    results.put("redis_get_server_cpu_us", redisGet.serverCpu());
    results.put("redis_get_client_cpu_us", redisGet.clientCpu());
    results.note(
        "latency, one in flight: "
            + String.join("; ", all.stream().map(LatencySeries::cpuNote).toList()));
    rig.progress(
        "p50: hit %.0f us, no-op %.0f us, Redis GET %.0f us, one hop away %.0f us (%d calls per"
            + " series)",
        hitTcp.p(50),
        noopTcp.p(50),
        redisGet.p(50),
        remoteGet.p(50),
        w.latencyRounds() * w.latencyCallsPerRound());
  }

  private static void warmUp(ManagedChannel channel, GetRequest get, Rig rig) {
    CacheServiceGrpc.CacheServiceStub stub = CacheServiceGrpc.newStub(channel);
    ClosedLoop.forDuration(
        rig.workload().inFlight(),
        rig.workload().throughputWarmup(),
        (index, done) ->
            stub.get(get, Observers.completing(done, GetResponse::getFound, "warm-up Get")));
  }

  private static LatencySeries grpc(
      String name, long serverPid, ManagedChannel channel, GetRequest get) {
    CacheServiceGrpc.CacheServiceBlockingStub stub = CacheServiceGrpc.newBlockingStub(channel);
    return new LatencySeries(
        name,
        serverPid,
        () -> {
          if (!stub.withDeadlineAfter(10, TimeUnit.SECONDS).get(get).getFound()) {
            throw new IllegalStateException(name + ": a Get that should hit missed");
          }
        });
  }
}
