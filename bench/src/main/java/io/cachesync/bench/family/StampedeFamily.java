package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import io.cachesync.bench.Workload;
import io.cachesync.bench.proc.CountingLoader;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thundering herd: 1,000 concurrent Gets of one missing key on each of the 4 ReadThrough
 * sidecars, while each sidecar's counting CacheLoader holds the first Load until every Get had time
 * to arrive (at most 1 s, well within the sidecar's 2 s Load deadline, so no retry adds a Load).
 * The figure is the most Loads any one sidecar made; a sidecar with single flight makes exactly
 * one.
 */
public final class StampedeFamily implements Family {
  private static final long FIRST_LOAD_WAIT_MILLIS = 1_000;
  private static final long ANSWERS_TIMEOUT_SECONDS = 30;

  @Override
  public String name() {
    return "stampede";
  }

  @Override
  public List<String> figures() {
    return List.of("stampede_loads_per_sidecar", "stampede_failed_gets");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    Pods pods = rig.pods();
    String key = "stampede-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    String expected = "loaded:" + key;
    int perSidecar = w.stampedeGetsPerSidecar();
    int total = perSidecar * pods.all().size();
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch answered = new CountDownLatch(total);
    for (int i = 0; i < pods.all().size(); i++) pods.loader(i).hold();
    try {
      GetRequest get =
          GetRequest.newBuilder().setCache(SidecarYaml.STAMPEDE_CACHE).setKey(key).build();
      List<CacheServiceGrpc.CacheServiceStub> stubs = new ArrayList<>();
      for (LaunchedSidecar pod : pods.all()) stubs.add(CacheServiceGrpc.newStub(pod.channel()));
      // round robin, so every sidecar's herd arrives at the same time
      for (int i = 0; i < perSidecar; i++) {
        for (CacheServiceGrpc.CacheServiceStub stub : stubs) {
          stub.get(get, checking(expected, failed, answered));
        }
      }
      awaitFirstLoads(pods, key);
      Thread.sleep(w.stampedeHold().toMillis());
    } finally {
      for (int i = 0; i < pods.all().size(); i++) pods.loader(i).release();
    }
    if (!answered.await(ANSWERS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      failed.addAndGet((int) answered.getCount());
    }
    List<Integer> loads = new ArrayList<>();
    for (int i = 0; i < pods.all().size(); i++) loads.add(pods.loader(i).loadsOf(key));
    int most = loads.stream().mapToInt(Integer::intValue).max().orElse(0);
    results.put("stampede_loads_per_sidecar", most);
    results.put("stampede_failed_gets", failed.get());
    List<List<Long>> when = new ArrayList<>();
    for (int i = 0; i < pods.all().size(); i++) when.add(pods.loader(i).arrivalMillis(key));
    results.note(
        "stampede: "
            + perSidecar
            + " concurrent Gets on each of "
            + loads.size()
            + " sidecars made "
            + loads
            + " Loads, arriving at "
            + when
            + " ms after each sidecar's first");
    rig.progress("Loads per sidecar %s, %d Gets failed", loads, failed.get());
  }

  /** Until every sidecar's first Load arrived (or a second passed: then the figure shows it). */
  private static void awaitFirstLoads(Pods pods, String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_LOAD_WAIT_MILLIS);
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (int i = 0; i < pods.all().size(); i++) {
        CountingLoader loader = pods.loader(i);
        all &= loader.loadsOf(key) > 0;
      }
      if (all) return;
      Thread.sleep(5);
    }
  }

  private static StreamObserver<GetResponse> checking(
      String expected, AtomicInteger failed, CountDownLatch answered) {
    return new StreamObserver<>() {
      @Override
      public void onNext(GetResponse r) {
        if (!r.getFound() || !r.getValue().toStringUtf8().equals(expected))
          failed.incrementAndGet();
      }

      @Override
      public void onError(Throwable t) {
        failed.incrementAndGet();
        answered.countDown();
      }

      @Override
      public void onCompleted() {
        answered.countDown();
      }
    };
  }
}
