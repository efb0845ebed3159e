package io.cachesync.sidecar.metrics;

import io.cachesync.sidecar.cache.CacheRegistry;
import io.cachesync.sidecar.cache.CacheStatistics;
import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import io.cachesync.sidecar.reload.ReloadStatus;
import io.cachesync.sidecar.sync.BusCounters;
import io.cachesync.sidecar.sync.InvalidationBus;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.sidecar.tier.L2Counters;
import io.cachesync.sidecar.tier.writebehind.WriteBehindCounters;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ObjDoubleConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The sidecar's Prometheus metrics. Cache and bus figures are read at scrape time from the counters
 * the data path keeps anyway, so the hit path pays for one histogram observation and nothing else.
 */
public final class SidecarMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<String, WriteBehindCounters> writeBehind = new ConcurrentHashMap<>();
  private final Histogram rpcDuration =
      Histogram.builder()
          .name("cachesync_rpc_duration_seconds")
          .help("Time to serve a CacheService RPC, by method")
          .labelNames("method")
          .classicOnly()
          .classicUpperBounds(
              0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2)
          .register(registry);

  private final Counter budgetHits =
      Counter.builder()
          .name("cachesync_budget_hits_total")
          .help(
              "Requests refused, or Watch streams cut, because a memory budget was reached, by the"
                  + " limit (e.g. limits.maxResponseBytes)")
          .labelNames("limit")
          .register(registry);

  public SidecarMetrics(CacheRegistry caches, InvalidationBus bus) {
    cacheCounter(caches, "cachesync_cache_hits_total", "L1 hits", CacheStatistics::hits);
    cacheCounter(caches, "cachesync_cache_misses_total", "L1 misses", CacheStatistics::misses);
    cacheCounter(
        caches,
        "cachesync_cache_evictions_total",
        "Entries evicted by size or weight",
        CacheStatistics::evictions);
    cacheCounter(
        caches,
        "cachesync_invalidations_sent_total",
        "Keys this sidecar told peers to drop",
        CacheStatistics::invalidationsSent);
    cacheCounter(
        caches,
        "cachesync_invalidations_received_total",
        "Keys peers told this sidecar to drop",
        CacheStatistics::invalidationsReceived);
    cacheCounter(
        caches,
        "cachesync_fills_rejected_total",
        "Fills refused because an invalidation overtook them",
        CacheStatistics::fillsRejected);
    cacheGauge(caches, "cachesync_cache_size", "Entries in L1", CacheStatistics::size);
    cacheGauge(
        caches,
        "cachesync_cache_weighted_size_bytes",
        "Weighed bytes in L1 (caches with maximumWeight)",
        CacheStatistics::weightedSize);

    writeBehindMetrics();
    BusCounters c = bus.counters();
    busCounter(
        "cachesync_sync_gaps_total",
        "Sequence gaps detected on the invalidation channel",
        c,
        BusCounters::gaps);
    busCounter(
        "cachesync_sync_repairs_total",
        "Times local caches were cleared because messages may have been lost",
        c,
        BusCounters::repairs);
    busCounter(
        "cachesync_sync_malformed_messages_total",
        "Messages on the channel that were not valid frames, dropped",
        c,
        BusCounters::malformed);
    CounterWithCallback.builder()
        .name("cachesync_sync_frames_rejected_total")
        .help(
            "Messages on the channel dropped unread, by reason: signature (MAC missing or wrong,"
                + " with sync.keyFile), oversized (over sync.maxFrameBytes), malformed")
        .labelNames("reason")
        .callback(
            cb -> {
              cb.call(c.forged(), "signature");
              cb.call(c.oversized(), "oversized");
              cb.call(c.malformed(), "malformed");
            })
        .register(registry);
    busCounter(
        "cachesync_sync_redis_server_changes_total",
        "Times the bus reconnected to another Redis server than before (a Sentinel failover)",
        c,
        BusCounters::serverChanges);
    busCounter(
        "cachesync_sync_key_changes_total",
        "New keys taken from a changed sync.keyFile without a restart (the previous one verifies"
            + " for 10 more minutes)",
        c,
        BusCounters::keyChanges);
    busCounter(
        "cachesync_sync_sequence_jumps_total",
        "Sequence numbers implausibly far from an origin's last: repaired, never adopted",
        c,
        BusCounters::sequenceJumps);
    busCounter(
        "cachesync_sync_duplicate_frames_total",
        "Frames received twice, ignored",
        c,
        BusCounters::duplicates);
    busCounter(
        "cachesync_sync_frames_published_total",
        "Frames this sidecar published",
        c,
        BusCounters::framesPublished);
    busCounter(
        "cachesync_sync_frames_received_total",
        "Peers' frames received",
        c,
        BusCounters::framesReceived);
    busCounter(
        "cachesync_sync_publish_failures_total",
        "Publish attempts that failed and were retried",
        c,
        BusCounters::publishFailures);
    busCounter(
        "cachesync_sync_buffer_overflows_total",
        "Times the outage buffer overflowed and peers were told to clear",
        c,
        BusCounters::overflows);
    busCounter(
        "cachesync_sync_resumes_total",
        "With delivery Stream: returns after an outage that read on where they stopped, no clear",
        c,
        BusCounters::resumes);
    busCounter(
        "cachesync_sync_silent_peers_total",
        "Peers that fell silent without a goodbye, each a repair",
        c,
        BusCounters::silentPeers);
    gauge(
        "cachesync_sync_buffered_keys",
        "Changes waiting to be published",
        cb -> cb.call(bus.bufferedKeys()));
    GaugeWithCallback.builder()
        .name("cachesync_sync_state")
        .help(
            "1 for the bus's current state (CONNECTING, CONNECTED, DEGRADED, CLOSED), 0 for the others")
        .labelNames("state")
        .callback(
            cb -> {
              for (SyncState s : SyncState.values()) cb.call(bus.state() == s ? 1 : 0, s.name());
            })
        .register(registry);
  }

  /**
   * L2's failures per cache: a change that L2 did not take leaves a value there that peers may read
   * again (the call answered UNAVAILABLE), so a rising count is worth an alert.
   */
  public void l2(Map<String, L2Counters> byCache) {
    l2Counter(
        byCache,
        "cachesync_l2_write_failures_total",
        "Writes, deletes, fills and clears that L2 (Redis) did not take",
        L2Counters::writeFailures);
    l2Counter(
        byCache,
        "cachesync_l2_read_failures_total",
        "L2 reads that failed and were treated as misses",
        L2Counters::readFailures);
  }

  private void l2Counter(
      Map<String, L2Counters> byCache, String name, String help, ToLongFunction<L2Counters> f) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("cache")
        .callback(cb -> byCache.forEach((cache, c) -> cb.call(f.applyAsLong(c), cache)))
        .register(registry);
  }

  /**
   * The write-behind figures of one cache: queue depth and flush lag are what an operator watches.
   */
  public void writeBehind(String cache, WriteBehindCounters c) {
    writeBehind.put(cache, c);
  }

  /** A WriteBehind cache that a config reload removed or rebuilt: its figures go too. */
  public void removeWriteBehind(String cache) {
    writeBehind.remove(cache);
  }

  /** Config reloads by result, and whether the file holds changes that wait for a restart. */
  public void configReloads(ReloadStatus status) {
    CounterWithCallback.builder()
        .name("cachesync_config_reloads_total")
        .help(
            "Config file changes handled, by result: applied, invalid (the running config stays),"
                + " restart_required (live changes applied, others wait for a restart)")
        .labelNames("result")
        .callback(
            cb -> {
              for (Result r : Result.values()) {
                if (r != Result.NONE) cb.call(status.count(r), r.label());
              }
            })
        .register(registry);
    gauge(
        "cachesync_config_restart_pending",
        "1 while the config file holds changes that only a restart applies",
        cb -> cb.call(status.last().restartPending().isEmpty() ? 0 : 1));
  }

  /** Keyspace notifications: whether Redis is known to send them, and how many dropped a copy. */
  public void keyspace(BooleanSupplier enabled, LongSupplier applied) {
    gauge(
        "cachesync_keyspace_notifications_enabled",
        "1 when Redis is known to send the configured keyspace events, 0 when it does not or cannot be checked",
        cb -> cb.call(enabled.getAsBoolean() ? 1 : 0));
    CounterWithCallback.builder()
        .name("cachesync_keyspace_events_applied_total")
        .help("Keyspace events that dropped a local copy")
        .callback(cb -> cb.call(applied.getAsLong()))
        .register(registry);
  }

  private void writeBehindMetrics() {
    wbGauge(
        "cachesync_write_behind_queue_depth",
        "Entries in the cache's write-behind stream not yet stored",
        c -> c.queueDepth());
    wbGauge(
        "cachesync_write_behind_flush_lag_seconds",
        "Age of the oldest entry of the last stored batch when it was acknowledged",
        c -> c.lastFlushLagMillis() / 1000.0);
    wbCounter(
        "cachesync_write_behind_entries_flushed_total",
        "Entries this sidecar stored and acknowledged",
        c -> c.entriesFlushed());
    wbCounter(
        "cachesync_write_behind_store_failures_total",
        "Store calls that failed and were retried",
        c -> c.storeFailures());
    wbCounter(
        "cachesync_write_behind_entries_claimed_total",
        "Entries taken over from a dead consumer",
        c -> c.entriesClaimed());
    wbCounter(
        "cachesync_write_behind_keys_deferred_total",
        "Keys whose store waited because another sidecar was storing the same key",
        c -> c.keysDeferred());
  }

  private void wbGauge(String name, String help, ToDoubleFunction<WriteBehindCounters> f) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("cache")
        .callback(cb -> writeBehind.forEach((cache, c) -> cb.call(f.applyAsDouble(c), cache)))
        .register(registry);
  }

  private void wbCounter(String name, String help, ToDoubleFunction<WriteBehindCounters> f) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("cache")
        .callback(cb -> writeBehind.forEach((cache, c) -> cb.call(f.applyAsDouble(c), cache)))
        .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** The histogram cell of one RPC method: resolve once, observe on every call. */
  /** Counts one request refused, or Watch stream cut, at {@code limit}, its key in the config. */
  public void budgetHit(String limit) {
    budgetHits.labelValues(limit).inc();
  }

  public DistributionDataPoint rpc(String method) {
    return rpcDuration.labelValues(method);
  }

  private void cacheCounter(
      CacheRegistry caches, String name, String help, ToLongFunction<CacheStatistics> f) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("cache")
        .callback(cb -> eachCache(caches, f, (cache, value) -> cb.call(value, cache)))
        .register(registry);
  }

  private void cacheGauge(
      CacheRegistry caches, String name, String help, ToLongFunction<CacheStatistics> f) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("cache")
        .callback(cb -> eachCache(caches, f, (cache, value) -> cb.call(value, cache)))
        .register(registry);
  }

  /** One value per cache, for the per-cache counters and gauges alike (scrape time only). */
  private static void eachCache(
      CacheRegistry caches, ToLongFunction<CacheStatistics> f, ObjDoubleConsumer<String> emit) {
    for (var c : caches.all()) {
      CacheStatistics s = c.statistics();
      emit.accept(s.cache(), f.applyAsLong(s));
    }
  }

  private void busCounter(
      String name, String help, BusCounters c, ToDoubleFunction<BusCounters> f) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(f.applyAsDouble(c)))
        .register(registry);
  }

  private void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> callback) {
    GaugeWithCallback.builder().name(name).help(help).callback(callback).register(registry);
  }
}
