package io.cachesync.sidecar;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.cache.CacheRegistry;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.grpc.WatchHub;
import io.cachesync.sidecar.keyspace.KeyPrefixes;
import io.cachesync.sidecar.keyspace.KeyspaceListener;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.metrics.SidecarMetrics;
import io.cachesync.sidecar.reload.CacheChange;
import io.cachesync.sidecar.reload.ConfigChanges;
import io.cachesync.sidecar.reload.ReloadTarget;
import io.cachesync.sidecar.strategy.Strategies;
import io.cachesync.sidecar.strategy.StrategyFactory;
import io.cachesync.sidecar.tier.RedisLink;
import io.cachesync.sidecar.tier.writebehind.WriteBehindFlusher;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import io.grpc.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The caches a sidecar serves and what each is built from: its L1, its strategy, its write-behind
 * flusher, its L2 prefix in the keyspace listener, and the CacheLoader client the loading
 * strategies share. Built from the config at start; a config reload changes it cache by cache.
 *
 * <p>Concurrency. Requests find a cache through {@link Strategies}, the bus and Stats through
 * {@link CacheRegistry}; each is an immutable snapshot swapped whole, so no lookup takes a lock. A
 * cache's {@link LocalCache} stays the same object for as long as its name is configured, so the
 * bus keeps dropping keys from the very L1 that requests read, through any reload. A rebuild puts a
 * new strategy over that L1 and then clears it: a request that found the old strategy just before
 * finishes on it (same L1; its L2 tier and loader still work), and what it leaves behind is dropped
 * by the clear or refused by its fill token. A removed cache leaves {@link Strategies} first (new
 * requests get NOT_FOUND, as for any unknown cache) and the registry next; requests already inside
 * finish on the detached objects, and their fills land nowhere, which for a cache is only a miss.
 * Reloads and {@link #close} run one at a time.
 */
final class LiveCaches implements ReloadTarget, AutoCloseable {
  private final SidecarConfig startup;
  private final CacheRegistry registry;
  private final Strategies strategies = new Strategies();
  private final StrategyFactory factory;
  private final RedisLink redisLink;
  private final Runnable onDataConnected;
  private final KeyspaceListener keyspace;
  private final WatchHub watchers;
  private final SidecarMetrics metrics;
  private final String origin;
  private final Map<String, WriteBehindFlusher> flushers = new HashMap<>(); // guarded by this

  /** Flushers of caches no longer WriteBehind, emptying their streams; guarded by this. */
  private final Map<String, WriteBehindFlusher> draining = new HashMap<>();

  private volatile LoaderConfig loaderConfig;
  private volatile LoaderClient loader;
  private boolean started; // guarded by this
  private boolean closed; // guarded by this

  /**
   * @param onDataConnected what to run once the data connection is up, when a reload adds the first
   *     cache with an L2
   * @param keyspace the keyspace listener, or null when keyspace notifications are off
   */
  LiveCaches(
      SidecarConfig config,
      CacheRegistry registry,
      StrategyFactory factory,
      RedisLink redisLink,
      Runnable onDataConnected,
      KeyspaceListener keyspace,
      WatchHub watchers,
      SidecarMetrics metrics,
      String origin) {
    this.startup = config;
    this.registry = registry;
    this.factory = factory;
    this.redisLink = redisLink;
    this.onDataConnected = onDataConnected;
    this.keyspace = keyspace;
    this.watchers = watchers;
    this.metrics = metrics;
    this.origin = origin;
    this.loaderConfig = config.loader();
    this.loader = newLoader(config.loader());
    for (LocalCache l1 : registry.all()) {
      strategies.put(factory.create(l1.config(), l1, loader));
      if (l1.config().strategy() == Strategy.WriteBehind) addFlusher(l1.config());
    }
  }

  Strategies strategies() {
    return strategies;
  }

  /** Starts the write-behind flushers; those of caches added later start at once. */
  synchronized void start() {
    started = true;
    flushers.values().forEach(WriteBehindFlusher::start);
    draining.values().forEach(WriteBehindFlusher::start);
  }

  /** A consistent view: never one taken halfway through a reload. */
  @Override
  public synchronized SidecarConfig running() {
    List<CacheConfig> caches = registry.all().stream().map(LocalCache::config).toList();
    return startup.withLoader(loaderConfig).withCaches(caches);
  }

  /** What the sidecar checks at start beyond the file: no two caches under one L2 prefix. */
  @Override
  public void check(SidecarConfig next) {
    if (keyspace != null) KeyPrefixes.of(next.caches());
  }

  @Override
  public void apply(ConfigChanges changes, SidecarConfig next) {
    LoaderClient retired = rewire(changes, next);
    // outside the lock: closing waits for the calls still running on the old client
    if (retired != null) retired.retire();
  }

  /** Applies the changes; returns the CacheLoader client they replaced, if any. */
  private synchronized LoaderClient rewire(ConfigChanges changes, SidecarConfig next) {
    if (closed) throw new IllegalStateException("the sidecar is shutting down");
    LoaderClient retired = null;
    if (changes.loaderChanged()) {
      retired = loader;
      loader = newLoader(next.loader());
      loaderConfig = next.loader();
    }
    if (next.caches().stream().anyMatch(c -> c.l2().enabled())) {
      // before any strategy uses L2, so that a reload bringing the first L2 cache does not answer
      // its first requests UNAVAILABLE; a Redis that does not answer in time is reported by them
      redisLink.start(onDataConnected);
      redisLink.awaitConnected(java.time.Duration.ofSeconds(2));
    }
    changes.removed().forEach(c -> remove(c.name()));
    changes.changed().forEach(this::change);
    changes.added().forEach(this::add);
    draining.values().removeIf(WriteBehindFlusher::stopped);
    List<CacheConfig> now = registry.all().stream().map(LocalCache::config).toList();
    if (keyspace != null) keyspace.prefixes(KeyPrefixes.of(now));
    return retired; // every strategy that could still call it has been replaced
  }

  private void add(CacheConfig c) {
    LocalCache l1 = new LocalCache(c, startup.limits().fillTokenWindow());
    registry.add(l1); // the bus first: what a peer drops from now on is dropped here too
    strategies.put(factory.create(c, l1, loader));
    if (c.strategy() == Strategy.WriteBehind) addFlusher(c);
  }

  private void remove(String name) {
    strategies.remove(name);
    LocalCache l1 = registry.remove(name);
    drainFlusher(name);
    if (l1 != null) l1.clear(); // frees its entries now, and refuses fills still on their way
    watchers.end(
        name,
        Status.NOT_FOUND.withDescription(
            "cache '" + name + "' was removed from the sidecar's config"));
  }

  /**
   * A rebuild that stays WriteBehind stops the old flusher before the new one starts: both would
   * read the stream (its key is the cache's name) as the same consumer. What is appended in between
   * waits in the stream for the new one. A rebuild away from WriteBehind drains the old one.
   */
  private void change(CacheChange change) {
    LocalCache l1 = registry.find(change.name());
    CacheConfig after = change.after();
    if (change.rebuild()) {
      if (after.strategy() == Strategy.WriteBehind) removeFlusher(change.name());
      else drainFlusher(change.name());
      strategies.put(factory.create(after, l1, loader));
      l1.reconfigure(after);
      l1.clear();
      watchers.publish(CacheEvent.Kind.CLEARED, after.name(), List.of(), origin);
      if (after.strategy() == Strategy.WriteBehind) addFlusher(after);
    } else {
      boolean kept = l1.reconfigure(after);
      // a new strategy too: an L2 without a ttl of its own follows the cache's
      strategies.put(factory.create(after, l1, loader));
      if (!kept) watchers.publish(CacheEvent.Kind.CLEARED, after.name(), List.of(), origin);
    }
  }

  private void addFlusher(CacheConfig c) {
    // the cache is WriteBehind again before its old stream was empty: the new flusher takes over
    WriteBehindFlusher old = draining.remove(c.name());
    if (old != null) old.close();
    WriteBehindStream stream =
        new WriteBehindStream(
            WriteBehindStream.keyFor(startup.sync().channel(), c.name(), startup.redis().mode()),
            redisLink::commands);
    WriteBehindFlusher f =
        new WriteBehindFlusher(
            c.name(), stream, origin, c.writeBehind(), this::store, redisLink::dedicated);
    flushers.put(c.name(), f);
    metrics.writeBehind(c.name(), f.counters());
    if (started) f.start();
  }

  /**
   * Every sidecar reads the same config, so once a cache is removed or leaves WriteBehind no
   * flusher anywhere would read its stream again: its flusher keeps going until the stream is
   * empty, then stops by itself. Its figures go now, as the cache's do.
   */
  private void drainFlusher(String name) {
    WriteBehindFlusher f = flushers.remove(name);
    if (f == null) return;
    f.drain();
    draining.put(name, f);
    metrics.removeWriteBehind(name);
  }

  /**
   * Stores through the CacheLoader client of the moment, not the one of the flusher's start: a
   * draining flusher outlives the client that a later reload of the loader settings retires.
   */
  private CompletableFuture<Void> store(String cache, List<StoreEntry> entries) {
    LoaderClient current = loader;
    if (current == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("no loader configured to store cache " + cache));
    }
    return current.store(cache, entries);
  }

  private void removeFlusher(String name) {
    WriteBehindFlusher f = flushers.remove(name);
    if (f == null) return;
    f.close();
    metrics.removeWriteBehind(name);
  }

  private static LoaderClient newLoader(LoaderConfig config) {
    return config.target() == null ? null : new LoaderClient(config);
  }

  /**
   * Stops the flushers, draining ones too, each after the batch in hand (what a draining one leaves
   * stays in its stream, for a sidecar still draining it), and the CacheLoader client.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    flushers.values().forEach(WriteBehindFlusher::close);
    draining.values().forEach(WriteBehindFlusher::close);
    if (loader != null) loader.close();
  }
}
