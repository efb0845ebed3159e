package io.cachesync.bench.family;

import static io.cachesync.bench.family.PropagationFamily.COMPARED;
import static io.cachesync.bench.family.PropagationFamily.WARM_UP;
import static io.cachesync.bench.family.PropagationFamily.key;
import static io.cachesync.bench.family.PropagationFamily.payload;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.bench.Pods;
import io.cachesync.bench.Rig;
import io.cachesync.bench.SidecarRefused;
import io.cachesync.bench.Workload;
import io.cachesync.bench.family.PropagationFamily.Counts;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.report.Results;
import java.util.ArrayList;
import java.util.List;

/**
 * Propagation on the 3-shard cluster against one server, in the same run (issue 14): an Invalidate
 * on pod-1 and the event on pods 2 to 4's Watch streams, over the standalone pods and over the pods
 * with {@code redis.mode: Cluster} (sharded Pub/Sub), beside raw PUBLISH to SUBSCRIBE and raw
 * SPUBLISH to SSUBSCRIBE through Lettuce's clients. The four series take turns in each round, so
 * machine load falls on all of them alike. When the sidecars refuse the cluster, their figures are
 * reported not measured with the sidecar's reason; the other three series still run.
 */
public final class ClusterPropagationFamily implements Family {
  private static final String PREFIX = PropagationFamily.PREFIX;

  @Override
  public String name() {
    return "cluster-propagation";
  }

  @Override
  public Topology topology() {
    return Topology.CLUSTER;
  }

  @Override
  public List<String> figures() {
    return List.of(
        "propagation_cluster_p50_us",
        "propagation_cluster_p99_us",
        "propagation_standalone_p50_us",
        "propagation_standalone_p99_us",
        "propagation_cluster_lost",
        "pubsub_raw_cluster_p50_us",
        "pubsub_raw_cluster_p99_us",
        "pubsub_raw_standalone_p50_us",
        "pubsub_raw_standalone_p99_us");
  }

  @Override
  public void run(Rig rig, Results results) throws Exception {
    Workload w = rig.workload();
    Pods one = rig.pods();
    Pods cluster = null;
    String refused = null;
    try {
      cluster = rig.clusterPods();
    } catch (SidecarRefused e) {
      refused = e.getMessage();
    }
    Series standalone = new Series(one);
    Series sharded = cluster == null ? null : new Series(cluster);
    Counts rawOne = new Counts();
    Counts rawSharded = new Counts();
    Arrivals rawOneArrivals = new Arrivals(one.peers().size());
    Arrivals rawShardedArrivals = new Arrivals(one.peers().size());
    try (WatchStreams a = standalone.watch(rig);
        WatchStreams b = sharded == null ? null : sharded.watch(rig);
        RawPubSub rawA = new RawPubSub(rig.lettuce(), rig.channelName("cmp-raw"), rawOneArrivals);
        RawPubSub rawB =
            RawPubSub.sharded(
                rig.clusterClient(), rig.channelName("cluster-raw"), rawShardedArrivals)) {
      PropagationFamily.awaitWatching(standalone.invalidate, standalone.events);
      if (sharded != null) PropagationFamily.awaitWatching(sharded.invalidate, sharded.events);
      Counts warm = new Counts();
      List<Long> pids = new ArrayList<>();
      one.all().forEach(p -> pids.add(p.pid()));
      if (cluster != null) cluster.all().forEach(p -> pids.add(p.pid()));
      int batch = w.propagationWarmup();
      Pods clusterPods = cluster;
      JitSettling.Settled settled =
          JitSettling.warmUp(
              pids,
              w.propagationWarmup(),
              PropagationFamily.quietFor(w),
              PropagationFamily.warmUpAllowed(w),
              round -> {
                for (int i = 0; i < batch; i++) {
                  int n = round * batch + i;
                  String key = key(WARM_UP, n);
                  standalone.one(key, warm);
                  if (clusterPods != null) sharded.one(key, warm);
                  PropagationFamily.oneMessage(rawA, rawOneArrivals, payload(WARM_UP, n), warm);
                  PropagationFamily.oneMessage(rawB, rawShardedArrivals, payload(WARM_UP, n), warm);
                }
                return batch;
              });
      PropagationFamily.noteWarmUp(results, name(), settled, PropagationFamily.quietFor(w));
      int perRound = Math.max(1, w.propagationEvents() / w.propagationRounds());
      int n = 0;
      for (int round = 0; round < w.propagationRounds(); round++) {
        for (int i = 0; i < perRound; i++) standalone.one(key(COMPARED, n + i), standalone.counts);
        for (int i = 0; sharded != null && i < perRound; i++) {
          sharded.one(key(COMPARED, n + i), sharded.counts);
        }
        for (int i = 0; i < perRound; i++) {
          PropagationFamily.oneMessage(rawA, rawOneArrivals, payload(COMPARED, n + i), rawOne);
          PropagationFamily.oneMessage(
              rawB, rawShardedArrivals, payload(COMPARED, n + i), rawSharded);
        }
        n += perRound;
      }
    }
    results.put("propagation_standalone_p50_us", standalone.counts.fromReturn.percentileMicros(50));
    results.put("propagation_standalone_p99_us", standalone.counts.fromReturn.percentileMicros(99));
    results.put("pubsub_raw_standalone_p50_us", rawOne.raw.percentileMicros(50));
    results.put("pubsub_raw_standalone_p99_us", rawOne.raw.percentileMicros(99));
    results.put("pubsub_raw_cluster_p50_us", rawSharded.raw.percentileMicros(50));
    results.put("pubsub_raw_cluster_p99_us", rawSharded.raw.percentileMicros(99));
    if (rawOne.lostMessages + rawSharded.lostMessages > 0) {
      results.note(
          name()
              + ": raw messages that never arrived: "
              + rawOne.lostMessages
              + " standalone, "
              + rawSharded.lostMessages
              + " sharded");
    }
    if (sharded == null) {
      for (String f :
          List.of(
              "propagation_cluster_p50_us",
              "propagation_cluster_p99_us",
              "propagation_cluster_lost")) {
        results.notMeasured(f, "the sidecars refused the cluster: " + refused);
      }
      rig.progress(
          "p99: standalone propagation %.0f us; raw Pub/Sub %.0f us, sharded %.0f us",
          standalone.counts.fromReturn.percentileMicros(99),
          rawOne.raw.percentileMicros(99),
          rawSharded.raw.percentileMicros(99));
      return;
    }
    results.put("propagation_cluster_p50_us", sharded.counts.fromReturn.percentileMicros(50));
    results.put("propagation_cluster_p99_us", sharded.counts.fromReturn.percentileMicros(99));
    results.put("propagation_cluster_lost", sharded.counts.lostEvents);
    rig.progress(
        "p99: propagation %.0f us on the cluster, %.0f us standalone; raw %.0f us sharded, %.0f us",
        sharded.counts.fromReturn.percentileMicros(99),
        standalone.counts.fromReturn.percentileMicros(99),
        rawSharded.raw.percentileMicros(99),
        rawOne.raw.percentileMicros(99));
  }

  /** One set of pods: pod-1's stub, the peers' Watch arrivals, what its events found. */
  private static final class Series {
    final Pods pods;
    final CacheServiceBlockingStub invalidate;
    final Arrivals events;
    final Counts counts = new Counts();

    Series(Pods pods) {
      this.pods = pods;
      this.invalidate = CacheServiceGrpc.newBlockingStub(pods.measured().channel());
      this.events = new Arrivals(pods.peers().size());
    }

    WatchStreams watch(Rig rig) {
      return new WatchStreams(
          pods.peers(),
          p -> rig.channels().tcpDirect(p.port()),
          SidecarYaml.HIT_CACHE,
          PREFIX,
          events);
    }

    void one(String key, Counts into) throws InterruptedException {
      PropagationFamily.oneEvent(invalidate, events, key, into);
    }
  }
}
