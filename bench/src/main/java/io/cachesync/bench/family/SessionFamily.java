package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.SessionResponse;
import io.cachesync.bench.Rig;
import io.cachesync.bench.Workload;
import io.cachesync.bench.load.Observers;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The streaming session against unary Get (issue 16), on the same sidecar and channel, in turns:
 * Get hits with one call in flight (latency, and the CPU each call costs the sidecar and the
 * harness), then with {@link Workload#inFlight()} in flight (throughput). A session call is a
 * request on one long-lived Session stream, answered by id; a unary call is a whole gRPC call.
 */
public final class SessionFamily implements Family {
  @Override
  public String name() {
    return "session";
  }

  @Override
  public List<String> figures() {
    return List.of(
        "session_get_p50_us",
        "session_get_p99_us",
        "session_unary_get_p50_us",
        "session_unary_get_p99_us",
        "session_get_server_cpu_us",
        "session_get_client_cpu_us",
        "session_unary_server_cpu_us",
        "session_unary_client_cpu_us",
        "session_throughput_ops",
        "session_unary_throughput_ops");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    LaunchedSidecar pod = rig.pods().measured();
    ManagedChannel channel = pod.channel();
    GetRequest[] gets = Requests.gets(SidecarYaml.HIT_CACHE, w.hitKeys());
    try (SessionCalls session = new SessionCalls(channel)) {
      CacheServiceGrpc.CacheServiceBlockingStub blocking =
          CacheServiceGrpc.newBlockingStub(channel);
      LatencySeries unary =
          new LatencySeries(
              "unary Get",
              pod.pid(),
              () -> {
                if (!blocking.withDeadlineAfter(10, TimeUnit.SECONDS).get(gets[0]).getFound()) {
                  throw new IllegalStateException("unary Get: a hit missed");
                }
              });
      LatencySeries streamed =
          new LatencySeries("session Get", pod.pid(), () -> hit(session, gets[0]));
      List<LatencySeries> latency = List.of(unary, streamed);
      for (LatencySeries s : latency) s.warmUp(w.latencyWarmupCalls());
      Rounds.rotate(latency, w.latencyRounds(), s -> s.measure(w.latencyCallsPerRound()));

      CacheServiceGrpc.CacheServiceStub async = CacheServiceGrpc.newStub(channel);
      ThroughputSeries unaryLoad =
          new ThroughputSeries(
                  "unary Get",
                  w.inFlight(),
                  (index, done) ->
                      async.get(
                          gets[(int) (index % gets.length)],
                          Observers.completing(done, GetResponse::getFound, "unary Get")))
              .cpuOf("sidecar", pod.pid());
      ThroughputSeries sessionLoad =
          new ThroughputSeries(
                  "session Get",
                  w.inFlight(),
                  (index, done) ->
                      session
                          .get(gets[(int) (index % gets.length)])
                          .whenComplete(
                              (r, e) -> {
                                if (e != null) done.failed(e);
                                else if (!found(r)) {
                                  done.failed(new IllegalStateException("session Get: " + r));
                                } else done.ok();
                              }))
              .cpuOf("sidecar", pod.pid());
      List<ThroughputSeries> load = List.of(unaryLoad, sessionLoad);
      for (ThroughputSeries s : load) s.warmUp(w.throughputWarmup());
      Rounds.rotate(load, w.throughputRounds(), s -> s.measure(w.throughputRound()));

      results.put("session_get_p50_us", streamed.p(50));
      results.put("session_get_p99_us", streamed.p(99));
      results.put("session_unary_get_p50_us", unary.p(50));
      results.put("session_unary_get_p99_us", unary.p(99));
      results.put("session_get_server_cpu_us", streamed.serverCpu());
      results.put("session_get_client_cpu_us", streamed.clientCpu());
      results.put("session_unary_server_cpu_us", unary.serverCpu());
      results.put("session_unary_client_cpu_us", unary.clientCpu());
      results.put("session_throughput_ops", sessionLoad.perSecond());
      results.put("session_unary_throughput_ops", unaryLoad.perSecond());
      results.note(
          "session, one in flight: "
              + String.join("; ", latency.stream().map(LatencySeries::cpuNote).toList()));
      results.note(
          "session, "
              + w.inFlight()
              + " in flight: "
              + String.join("; ", load.stream().map(ThroughputSeries::cpuNote).toList()));
      rig.progress(
          "Get hit p50 %.0f us on a session, %.0f us unary; %.0f vs %.0f ops/s at %d in flight",
          streamed.p(50),
          unary.p(50),
          sessionLoad.perSecond(),
          unaryLoad.perSecond(),
          w.inFlight());
    }
  }

  private static void hit(SessionCalls session, GetRequest get) {
    SessionResponse r;
    try {
      r = session.get(get).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("session Get failed: " + e, e);
    }
    if (!found(r)) throw new IllegalStateException("session Get: a hit missed: " + r);
  }

  private static boolean found(SessionResponse r) {
    return r.hasGet() && r.getGet().getFound();
  }
}
