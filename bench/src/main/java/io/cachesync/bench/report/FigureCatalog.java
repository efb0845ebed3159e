package io.cachesync.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every figure the harness knows, in the order the table prints them. The names marked fixed are
 * the contract of issue 6 (scripts compare runs by them); the others explain the fixed ones.
 */
public final class FigureCatalog {
  private static final Map<String, FigureSpec> SPECS = new LinkedHashMap<>();

  static {
    // latency, one call in flight
    fixed("get_hit_p50_us", "us", "noop_grpc_p50_us", Target.ratioAtMost(1.10), "Get hit, TCP");
    extra(
        "get_hit_p50_vs_redis_us",
        "us",
        "redis_get_p50_us",
        Target.ratioAtMost(1.0),
        "Get hit p50 again, compared with a Redis GET");
    fixed("get_hit_p99_us", "us", "noop_grpc_p99_us", null, "Get hit, TCP");
    fixed("get_hit_uds_p50_us", "us", "noop_grpc_uds_p50_us", null, "Get hit, Unix socket");
    fixed("get_hit_uds_p99_us", "us", "noop_grpc_uds_p99_us", null, "Get hit, Unix socket");
    fixed("noop_grpc_p50_us", "us", null, null, "no-op gRPC Get, TCP: the floor");
    extra("noop_grpc_p99_us", "us", null, null, "no-op gRPC Get, TCP");
    extra("noop_grpc_uds_p50_us", "us", null, null, "no-op gRPC Get, Unix socket");
    extra("noop_grpc_uds_p99_us", "us", null, null, "no-op gRPC Get, Unix socket");
    fixed("redis_get_p50_us", "us", null, null, "Redis GET through Lettuce (sync API)");
    extra("redis_get_p99_us", "us", null, null, "Redis GET through Lettuce (sync API)");
    fixed(
        "redis_get_remote_p50_us",
        "us",
        null,
        null,
        "Redis GET one hop away: through a proxy adding --remote-delay-us (100) each way");
    extra(
        "redis_get_remote_p99_us",
        "us",
        null,
        null,
        "Redis GET one hop away: through a proxy adding --remote-delay-us (100) each way");
    extra(
        "get_hit_p50_vs_remote_redis_us",
        "us",
        "redis_get_remote_p50_us",
        null,
        "Get hit p50 again, compared with a Redis GET one hop away");
    // where the latency goes: CPU per call of the answering process and of the client
    extra(
        "get_hit_server_cpu_us",
        "us",
        "noop_grpc_server_cpu_us",
        null,
        "sidecar CPU per Get hit, one in flight");
    extra(
        "get_hit_client_cpu_us",
        "us",
        "noop_grpc_client_cpu_us",
        null,
        "harness (client) CPU per Get hit, one in flight");
    extra("noop_grpc_server_cpu_us", "us", null, null, "no-op server CPU per Get, one in flight");
    extra("noop_grpc_client_cpu_us", "us", null, null, "harness CPU per no-op Get, one in flight");
    extra("redis_get_server_cpu_us", "us", null, null, "redis-server CPU per GET, one in flight");
    extra("redis_get_client_cpu_us", "us", null, null, "harness (Lettuce) CPU per GET");
    // the Java client's in-process L0 (issue 15), against the same client without it
    fixed(
        "l0_hit_p50_us",
        "us",
        "l0_sidecar_hit_p50_us",
        null,
        "Get hit from the Java client's L0 (Watch-kept, in-process)");
    fixed("l0_hit_p99_us", "us", "l0_sidecar_hit_p99_us", null, "Get hit from L0");
    extra(
        "l0_hit_p50_vs_redis_us",
        "us",
        "l0_redis_get_p50_us",
        null,
        "L0 hit p50 again, compared with a Redis GET of the same run");
    extra(
        "l0_sidecar_hit_p50_us",
        "us",
        null,
        null,
        "Get hit through the Java client without L0 (the sidecar over TCP)");
    extra("l0_sidecar_hit_p99_us", "us", null, null, "the same, p99");
    extra(
        "l0_redis_get_p50_us",
        "us",
        null,
        null,
        "Redis GET (Lettuce), in turns with the L0 series");
    extra("l0_redis_get_p99_us", "us", null, null, "the same, p99");
    // throughput, 64 calls in flight
    fixed(
        "get_hit_throughput_ops",
        "ops/s",
        "noop_grpc_throughput_ops",
        null,
        "Get hits/s, 64 in flight");
    extra("noop_grpc_throughput_ops", "ops/s", null, null, "no-op Gets/s, 64 in flight");
    extra("redis_get_throughput_ops", "ops/s", null, null, "Redis GETs/s, 64 in flight (async)");
    fixed(
        "passthrough_throughput_ops",
        "ops/s",
        "get_hit_throughput_ops",
        Target.ratioAtMost(0.5),
        "Gets/s with L1 off (L2 in Redis answers), 64 in flight");
    extra("passthrough_l1_hit_pct", "%", null, null, "L1 hits during the pass-through run");
    fixed(
        "getmany_keys_per_s",
        "keys/s",
        "get_hit_throughput_ops",
        null,
        "hits/s through GetMany of 100 keys, 64 in flight");
    // the streaming session against unary Get, on one sidecar and channel, in turns
    fixed(
        "session_get_p50_us",
        "us",
        "session_unary_get_p50_us",
        null,
        "Get hit on a Session stream, one in flight");
    extra(
        "session_get_p99_us",
        "us",
        "session_unary_get_p99_us",
        null,
        "Get hit on a Session stream, one in flight");
    extra("session_unary_get_p50_us", "us", null, null, "unary Get hit, in turns with the session");
    extra("session_unary_get_p99_us", "us", null, null, "unary Get hit, in turns with the session");
    extra(
        "session_get_server_cpu_us",
        "us",
        "session_unary_server_cpu_us",
        null,
        "sidecar CPU per Get on a session, one in flight");
    extra(
        "session_get_client_cpu_us",
        "us",
        "session_unary_client_cpu_us",
        null,
        "harness CPU per Get on a session, one in flight");
    extra("session_unary_server_cpu_us", "us", null, null, "sidecar CPU per unary Get");
    extra("session_unary_client_cpu_us", "us", null, null, "harness CPU per unary Get");
    fixed(
        "session_throughput_ops",
        "ops/s",
        "session_unary_throughput_ops",
        null,
        "Get hits/s on one Session stream, 64 in flight");
    extra("session_unary_throughput_ops", "ops/s", null, null, "unary Get hits/s, 64 in flight");
    // invalidation across 4 sidecars
    fixed(
        "propagation_p50_us",
        "us",
        "pubsub_raw_p50_us",
        null,
        "Invalidate returned on pod-1 -> event on a peer's Watch");
    fixed(
        "propagation_p99_us",
        "us",
        "pubsub_raw_p99_us",
        Target.ratioAtMost(2.0),
        "Invalidate returned on pod-1 -> event on a peer's Watch");
    extra(
        "propagation_call_p50_us",
        "us",
        null,
        null,
        "Invalidate called on pod-1 -> event on a peer's Watch");
    extra(
        "propagation_call_p99_us",
        "us",
        null,
        null,
        "Invalidate called on pod-1 -> event on a peer's Watch");
    extra(
        "propagation_early_pct",
        "%",
        null,
        null,
        "events that reached the peer before Invalidate returned (counted as 0)");
    extra("propagation_lost", "events", null, Target.exactly(0), "events never seen on a Watch");
    extra(
        "invalidate_call_p50_us",
        "us",
        "pubsub_raw_publish_p50_us",
        null,
        "the Invalidate call of one key itself, one in flight");
    extra(
        "pubsub_raw_publish_p50_us",
        "us",
        null,
        null,
        "Lettuce PUBLISH itself (until Redis acknowledged it)");
    extra("pubsub_raw_p50_us", "us", null, null, "Lettuce PUBLISH called -> message received");
    fixed("pubsub_raw_p99_us", "us", null, null, "Lettuce PUBLISH called -> message received");
    extra(
        "propagation_loaded_p99_us",
        "us",
        "pubsub_raw_loaded_p99_us",
        null,
        "propagation_p99_us beside a neighbour spinning on one core (half the events)");
    extra(
        "pubsub_raw_loaded_p99_us",
        "us",
        null,
        null,
        "pubsub_raw_p99_us beside the same neighbour, in turns with the events");
    extra(
        "propagation_sender_cpu_us",
        "us",
        null,
        null,
        "CPU of pod-1 per Invalidate of the propagation rounds (JIT threads left out)");
    extra(
        "propagation_peer_cpu_us",
        "us",
        null,
        null,
        "CPU of one peer per event (the event applied and written to its Watch stream)");
    extra(
        "propagation_redis_cpu_us",
        "us",
        "pubsub_raw_redis_cpu_us",
        null,
        "Redis CPU per event (PUBLISH to 4 sidecars: pod-1 hears its own frame)");
    extra("pubsub_raw_redis_cpu_us", "us", null, null, "Redis CPU per raw message (3 subscribers)");
    extra(
        "propagation_sender_switches",
        "/event",
        null,
        null,
        "context switches of pod-1 per Invalidate (wake-ups and preemptions)");
    extra(
        "propagation_peer_switches",
        "/event",
        null,
        null,
        "context switches of one peer per event");
    fixed(
        "invalidation_keys_per_s",
        "keys/s",
        null,
        Target.atLeast(100_000),
        "keys invalidated on pod-1 and applied on all 3 peers, per second");
    fixed(
        "invalidation_lost",
        "keys",
        null,
        Target.exactly(0),
        "keys sent but never applied on a peer (summed over peers)");
    extra("invalidation_gaps", "gaps", null, Target.exactly(0), "sequence gaps the peers saw");
    // the same over the pods whose bus is a Redis Stream (sync.delivery: Stream)
    fixed(
        "stream_propagation_p50_us",
        "us",
        "propagation_p50_us",
        null,
        "as propagation_p50_us, with delivery Stream");
    fixed(
        "stream_propagation_p99_us",
        "us",
        "propagation_p99_us",
        null,
        "as propagation_p99_us, with delivery Stream");
    extra(
        "stream_propagation_lost",
        "events",
        null,
        Target.exactly(0),
        "events never seen on a Watch, with delivery Stream");
    fixed(
        "stream_invalidation_keys_per_s",
        "keys/s",
        "invalidation_keys_per_s",
        null,
        "as invalidation_keys_per_s, with delivery Stream");
    fixed(
        "stream_invalidation_lost",
        "keys",
        null,
        Target.exactly(0),
        "keys sent but never applied on a peer, with delivery Stream");
    extra(
        "stream_invalidation_gaps",
        "gaps",
        null,
        Target.exactly(0),
        "sequence gaps the peers saw, with delivery Stream");
    // the same over pods that sign every frame (sync.keyFile: HMAC-SHA256), Pub/Sub delivery
    fixed(
        "signed_propagation_p50_us",
        "us",
        "propagation_p50_us",
        null,
        "as propagation_p50_us, with frames signed");
    fixed(
        "signed_propagation_p99_us",
        "us",
        "propagation_p99_us",
        null,
        "as propagation_p99_us, with frames signed");
    extra(
        "signed_propagation_lost",
        "events",
        null,
        Target.exactly(0),
        "events never seen on a Watch, with frames signed");
    fixed(
        "signed_invalidation_keys_per_s",
        "keys/s",
        "invalidation_keys_per_s",
        null,
        "as invalidation_keys_per_s, with frames signed");
    fixed(
        "signed_invalidation_lost",
        "keys",
        null,
        Target.exactly(0),
        "keys sent but never applied on a peer, with frames signed");
    extra(
        "signed_invalidation_gaps",
        "gaps",
        null,
        Target.exactly(0),
        "sequence gaps the peers saw, with frames signed");
    // Pub/Sub fan-out (issue 14): 4 sidecars plus light subscribers, against raw Lettuce Pub/Sub
    for (int n : new int[] {4, 32, 128}) {
      fixed(
          "fanout_keys_per_s_" + n,
          "keys/s",
          "fanout_raw_keys_per_s_" + n,
          Target.ratioAtLeast(0.8),
          "keys invalidated on pod-1 and counted by all " + n + " subscribers, per second");
    }
    for (int n : new int[] {4, 32, 128}) {
      fixed(
          "fanout_raw_keys_per_s_" + n,
          "keys/s",
          null,
          null,
          "the same keys in raw Lettuce PUBLISHes to " + n + " Lettuce subscribers");
    }
    for (int n : new int[] {4, 32, 128}) {
      fixed(
          "fanout_redis_cpu_us_per_msg_" + n,
          "us",
          "fanout_raw_redis_cpu_us_per_msg_" + n,
          null,
          "Redis CPU (INFO cpu) per message delivered to one of " + n + " subscribers");
    }
    for (int n : new int[] {4, 32, 128}) {
      fixed(
          "fanout_raw_redis_cpu_us_per_msg_" + n,
          "us",
          null,
          null,
          "the same for the raw Pub/Sub floor, " + n + " subscribers");
    }
    extra(
        "fanout_lost",
        "keys",
        null,
        Target.exactly(0),
        "keys some fan-out subscriber never counted (summed over subscribers and runs)");
    // the same on the 3-shard cluster (sharded Pub/Sub), and propagation there against one server
    for (int n : new int[] {4, 32, 128}) {
      extra(
          "fanout_cluster_keys_per_s_" + n,
          "keys/s",
          "fanout_cluster_raw_keys_per_s_" + n,
          Target.ratioAtLeast(0.8),
          "as fanout_keys_per_s_" + n + ", sidecars on the cluster (sharded Pub/Sub)");
    }
    for (int n : new int[] {4, 32, 128}) {
      extra(
          "fanout_cluster_raw_keys_per_s_" + n,
          "keys/s",
          "fanout_raw_keys_per_s_" + n,
          null,
          "raw Lettuce SPUBLISH to " + n + " sharded subscribers on the cluster");
    }
    for (int n : new int[] {4, 32, 128}) {
      extra(
          "fanout_cluster_redis_cpu_us_per_msg_" + n,
          "us",
          "fanout_cluster_raw_redis_cpu_us_per_msg_" + n,
          null,
          "CPU of the channel's shard master per message delivered to one of " + n);
    }
    for (int n : new int[] {4, 32, 128}) {
      extra(
          "fanout_cluster_raw_redis_cpu_us_per_msg_" + n,
          "us",
          "fanout_raw_redis_cpu_us_per_msg_" + n,
          null,
          "the same for the raw sharded floor, " + n + " subscribers");
    }
    extra(
        "fanout_cluster_lost",
        "keys",
        null,
        Target.exactly(0),
        "keys some cluster fan-out subscriber never counted");
    extra(
        "propagation_cluster_p50_us",
        "us",
        "propagation_standalone_p50_us",
        null,
        "Invalidate returned on pod-1 -> event on a peer's Watch, sidecars on the cluster");
    extra(
        "propagation_cluster_p99_us", "us", "propagation_standalone_p99_us", null, "the same, p99");
    extra(
        "propagation_standalone_p50_us",
        "us",
        null,
        null,
        "the same on one server, in turns with the cluster's events");
    extra("propagation_standalone_p99_us", "us", null, null, "the same, p99");
    extra(
        "propagation_cluster_lost",
        "events",
        null,
        Target.exactly(0),
        "cluster events a peer's Watch never showed");
    extra(
        "pubsub_raw_cluster_p50_us",
        "us",
        "pubsub_raw_standalone_p50_us",
        null,
        "raw SPUBLISH -> SSUBSCRIBE on the cluster (Lettuce cluster client)");
    extra("pubsub_raw_cluster_p99_us", "us", "pubsub_raw_standalone_p99_us", null, "the same, p99");
    extra(
        "pubsub_raw_standalone_p50_us",
        "us",
        null,
        null,
        "raw PUBLISH -> SUBSCRIBE on one server, in turns with the sharded messages");
    extra("pubsub_raw_standalone_p99_us", "us", null, null, "the same, p99");
    // memory and start-up
    fixed("rss_idle_mib", "MiB", null, Target.atMost(96), "RSS of one idle, SERVING sidecar");
    fixed(
        "uss_idle_mib",
        "MiB",
        "rss_idle_mib",
        Target.atMost(48),
        "unique memory of each of 4 idle sidecars sharing one class-data archive");
    fixed(
        "pss_idle_mib",
        "MiB",
        "rss_idle_mib",
        null,
        "proportional memory of each of 4 idle sidecars sharing one class-data archive");
    fixed(
        "overhead_bytes_per_entry",
        "bytes",
        null,
        Target.atMost(150),
        "live heap per 1 KiB entry beyond key and value bytes (after full GC)");
    extra(
        "overhead_rss_bytes_per_entry",
        "bytes",
        null,
        null,
        "RSS growth per 1 KiB entry beyond key and value bytes");
    fixed("startup_ms", "ms", null, Target.atMost(1500), "process start -> health SERVING");
    extra(
        "startup_cds_ms",
        "ms",
        "startup_ms",
        null,
        "the same with a class-data archive (the image's launcher, once its archive exists)");
    extra(
        "rss_idle_cds_mib",
        "MiB",
        "rss_idle_mib",
        null,
        "RSS of an idle, SERVING sidecar started with the class-data archive");
    // stampede
    fixed(
        "stampede_loads_per_sidecar",
        "loads",
        null,
        Target.exactly(1),
        "most Loads one sidecar made for 1,000 concurrent Gets of a missing key");
    extra(
        "stampede_failed_gets",
        "gets",
        null,
        Target.exactly(0),
        "stampede Gets that failed or did not find the loaded value");
  }

  private FigureCatalog() {}

  private static void fixed(
      String name, String unit, String baseline, Target target, String meaning) {
    SPECS.put(name, new FigureSpec(name, unit, baseline, target, true, meaning));
  }

  private static void extra(
      String name, String unit, String baseline, Target target, String meaning) {
    SPECS.put(name, new FigureSpec(name, unit, baseline, target, false, meaning));
  }

  /**
   * @throws IllegalArgumentException for a name the catalog does not know
   */
  public static FigureSpec spec(String name) {
    FigureSpec s = SPECS.get(name);
    if (s == null) throw new IllegalArgumentException("no figure named " + name);
    return s;
  }

  public static List<FigureSpec> all() {
    return List.copyOf(SPECS.values());
  }

  /** The names issue 6 fixed, in table order. */
  public static List<String> fixedNames() {
    List<String> names = new ArrayList<>();
    for (FigureSpec s : SPECS.values()) if (s.fixed()) names.add(s.name());
    return Collections.unmodifiableList(names);
  }
}
