package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.bench.Rig;
import io.cachesync.bench.Workload;
import io.cachesync.bench.load.Observers;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import java.util.List;

/**
 * Hits per second through GetMany of 100 keys, 64 calls in flight, compared with single Gets at the
 * same concurrency: what batching buys a caller that can batch.
 */
public final class GetManyFamily implements Family {
  @Override
  public String name() {
    return "getmany";
  }

  @Override
  public List<String> figures() {
    return List.of("getmany_keys_per_s");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    CacheServiceGrpc.CacheServiceStub stub =
        CacheServiceGrpc.newStub(rig.pods().measured().channel());
    GetManyRequest[] requests =
        Requests.getManys(SidecarYaml.HIT_CACHE, w.hitKeys(), w.getManyKeys());
    int perCall = w.getManyKeys();
    ThroughputSeries series =
        new ThroughputSeries(
                "GetMany of " + w.getManyKeys(),
                w.inFlight(),
                (index, done) ->
                    stub.getMany(
                        requests[(int) (index % requests.length)],
                        Observers.completing(
                            done, r -> r.getValuesCount() == perCall, "GetMany of " + perCall)))
            .cpuOf("sidecar", rig.pods().measured().pid());
    series.warmUp(w.throughputWarmup());
    for (int round = 0; round < w.throughputRounds(); round++) series.measure(w.throughputRound());
    double keysPerSecond = series.perSecond() * perCall;
    results.put("getmany_keys_per_s", keysPerSecond);
    results.note("getmany, " + w.inFlight() + " in flight: " + series.cpuNote());
    rig.progress("GetMany of %d: %.0f keys/s", perCall, keysPerSecond);
  }
}
