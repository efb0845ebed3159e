package io.cachesync.sidecar;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.sidecar.cache.CacheRegistry;
import io.cachesync.sidecar.config.Durations;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.grpc.CacheServiceImpl;
import io.cachesync.sidecar.grpc.GrpcServers;
import io.cachesync.sidecar.grpc.WatchHub;
import io.cachesync.sidecar.keyspace.EchoFilter;
import io.cachesync.sidecar.keyspace.KeyPrefixes;
import io.cachesync.sidecar.keyspace.KeyspaceListener;
import io.cachesync.sidecar.keyspace.NotificationsStatus;
import io.cachesync.sidecar.metrics.HealthReport;
import io.cachesync.sidecar.metrics.MetricsServer;
import io.cachesync.sidecar.metrics.SidecarMetrics;
import io.cachesync.sidecar.reload.ConfigFileWatcher;
import io.cachesync.sidecar.reload.ConfigReloader;
import io.cachesync.sidecar.reload.ReloadOutcome;
import io.cachesync.sidecar.reload.ReloadStatus;
import io.cachesync.sidecar.strategy.Peers;
import io.cachesync.sidecar.strategy.StrategyFactory;
import io.cachesync.sidecar.sync.InvalidationBus;
import io.cachesync.sidecar.tier.L2Counters;
import io.cachesync.sidecar.tier.L2Tier;
import io.cachesync.sidecar.tier.RedisLink;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import io.cachesync.sidecar.transport.RedisClients;
import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sidecar: its caches, its bus, its gRPC listeners and its metrics, started and stopped
 * together.
 */
public final class Sidecar implements AutoCloseable {
  public static final String SERVICE_NAME = CacheServiceGrpc.SERVICE_NAME;
  private static final Logger log = LoggerFactory.getLogger(Sidecar.class);

  private final SidecarConfig startup;
  private final CacheRegistry caches;
  private final InvalidationBus bus;
  private final WatchHub watchers = new WatchHub();
  private final Readiness readiness;
  private final SyncedCaches synced;
  private final EchoFilter echoes = new EchoFilter();
  private final Map<String, L2Counters> l2Counters = new ConcurrentHashMap<>();
  private final RedisLink redisLink;
  private final KeyspaceListener keyspace;
  private final LiveCaches live;
  private final ConfigReloader reloads;
  private final ConfigFileWatcher watcher;
  private final GrpcServers servers;
  private final MetricsServer metricsServer;
  private volatile boolean closed;

  private Sidecar(SidecarConfig config, Path configFile) throws IOException {
    // a credentials or TLS file that cannot be read stops the start here, naming the field, rather
    // than leaving every connection retrying a login that cannot work
    RedisClients.checkAtStart(config.redis());
    this.startup = config;
    this.caches = new CacheRegistry(config);
    String origin = newOrigin();
    boolean usesL2 = config.caches().stream().anyMatch(c -> c.l2().enabled());
    this.readiness = new Readiness(this::bus, usesL2);
    this.synced = new SyncedCaches(caches, watchers, readiness, () -> origin);
    this.bus = new InvalidationBus(config.redis(), config.sync(), origin, synced);
    SidecarMetrics metrics = new SidecarMetrics(caches, bus);
    metrics.l2(l2Counters);
    this.keyspace =
        config.keyspaceNotifications().enabled()
            ? new KeyspaceListener(
                config.redis(),
                config.keyspaceNotifications(),
                KeyPrefixes.of(config.caches()),
                echoes,
                synced)
            : null;
    this.redisLink = new RedisLink(config.redis());
    // own writes' echoes are filtered out only where they arrive (EchoFilter.echoesHeard); else
    // an own write evicts nothing (no echo) and a foreign event always counts
    boolean echoesHeard = EchoFilter.echoesHeard(config.keyspaceNotifications());
    StrategyFactory strategyFactory =
        new StrategyFactory(
            c ->
                new L2Tier(
                    redisLink,
                    c.l2(),
                    c.ttl().toMillis(),
                    origin,
                    leaseMillis(config),
                    echoesHeard ? echoes::expect : key -> {},
                    echoesHeard ? echoes::cancel : key -> {},
                    l2Counters.computeIfAbsent(c.name(), n -> new L2Counters())),
            new Peers(bus),
            c ->
                new WriteBehindStream(
                    WriteBehindStream.keyFor(
                        config.sync().channel(), c.name(), config.redis().mode()),
                    redisLink::commands));
    this.live =
        new LiveCaches(
            config,
            caches,
            strategyFactory,
            redisLink,
            readiness::dataConnected,
            keyspace,
            watchers,
            metrics,
            origin);
    this.reloads = new ConfigReloader(live, new ReloadStatus(watching(config, configFile)));
    metrics.configReloads(reloads.status());
    this.watcher =
        configFile != null && config.reload().enabled()
            ? new ConfigFileWatcher(
                configFile, config.reload().interval(), fileListener(configFile))
            : null;
    CacheServiceImpl service =
        new CacheServiceImpl(
            caches, live.strategies(), bus, watchers, readiness.gate(), config.limits(), metrics);
    int maxInbound =
        (int)
            Math.min(
                Integer.MAX_VALUE,
                Math.max(4L << 20, config.limits().maxValueBytes() * 2 + (1 << 16)));
    List<BindableService> services = List.of(service, ProtoReflectionServiceV1.newInstance());
    this.servers =
        new GrpcServers(
            config.grpc(), maxInbound, services, List.of(readiness.healthService().bindService()));
    if (keyspace != null) {
      metrics.keyspace(
          () -> keyspace.status().state() == NotificationsStatus.State.ENABLED,
          keyspace::eventsApplied);
    }
    MetricsServer m;
    try {
      m = MetricsServer.start(config.metrics(), metrics, this::health);
    } catch (IOException e) {
      servers.close();
      throw new IOException("metrics.port " + config.metrics().port() + ": " + e.getMessage(), e);
    }
    this.metricsServer = m;
  }

  private ConfigFileWatcher.Listener fileListener(Path file) {
    return new ConfigFileWatcher.Listener() {
      @Override
      public void onContent(String text, boolean first) {
        reloads.fileRead(file, text, first);
      }

      @Override
      public void onUnreadable(IOException e, boolean first) {
        reloads.fileUnreadable(file, e);
      }
    };
  }

  private static String watching(SidecarConfig config, Path file) {
    if (file == null) return "no config file to watch: the sidecar started without one";
    if (!config.reload().enabled()) return "not watching " + file + ": reload.interval is 0s";
    return "watching " + file + " every " + Durations.format(config.reload().interval());
  }

  /** As {@link #start(SidecarConfig, Path)} without a file to watch. */
  public static Sidecar start(SidecarConfig config) throws IOException {
    return start(config, null);
  }

  /**
   * Binds the listeners and starts connecting to Redis; SERVING follows once the channel is
   * subscribed. With {@code configFile} (the file {@code config} was read from), changes to it are
   * applied while the sidecar runs, as far as they can be without a restart.
   *
   * @throws io.cachesync.sidecar.config.ConfigException when a Redis credentials file cannot be
   *     read
   */
  public static Sidecar start(SidecarConfig config, Path configFile) throws IOException {
    Sidecar s = new Sidecar(config, configFile);
    s.bus.start();
    if (config.caches().stream().anyMatch(c -> c.l2().enabled()))
      s.redisLink.start(s.readiness::dataConnected);
    if (s.keyspace != null) s.keyspace.start();
    s.live.start();
    if (s.watcher != null) s.watcher.start();
    log.info(
        "sidecar {} listening on {}:{}{}, caches {}, channel {}, Redis {}",
        s.bus.origin(),
        config.grpc().host(),
        s.grpcPort(),
        config.grpc().unixSocket() == null ? "" : " and " + config.grpc().unixSocket(),
        s.caches.names(),
        config.sync().channel(),
        config.redis().url());
    return s;
  }

  /**
   * Applies {@code next} as if the config file had changed to it: what can change live does, the
   * rest is reported as waiting for a restart. Never throws; the outcome says what happened.
   */
  public ReloadOutcome reload(SidecarConfig next) {
    return reloads.reload(next);
  }

  /** The last reload's outcome and the count per result. */
  public ReloadStatus reloadStatus() {
    return reloads.status();
  }

  public int grpcPort() {
    return servers.port();
  }

  /** The metrics port actually bound, or -1 when metrics are off. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  public String origin() {
    return bus.origin();
  }

  public InvalidationBus bus() {
    return bus;
  }

  public CacheRegistry caches() {
    return caches;
  }

  /** What runs now: the startup config, with caches and loader as last reloaded. */
  public SidecarConfig config() {
    return live.running();
  }

  /** Whether keyspace notifications are subscribed (true when none are configured). */
  public boolean keyspaceSubscribed() {
    return keyspace == null || keyspace.subscribed();
  }

  /** Open Watch streams. */
  public int watchCount() {
    return watchers.size();
  }

  public boolean serving() {
    return readiness.serving();
  }

  public HealthReport health() {
    return readiness.report(reloads.status().last());
  }

  /** Graceful: NOT_SERVING, drain running calls, publish what is buffered, then disconnect. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    log.info("draining sidecar {}", bus.origin());
    if (watcher != null) watcher.close(); // first: no reload may start what is being stopped
    readiness.draining();
    watchers.closeAll();
    try {
      servers.drain(startup.grpc().drainTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    servers.close();
    live.close();
    if (keyspace != null) keyspace.close();
    bus.close();
    redisLink.close();
    if (metricsServer != null) metricsServer.close();
    log.info("sidecar {} stopped", bus.origin());
  }

  /**
   * How long an L2 lease waits for its fill: as long as the fill's token is usable, and no more
   * than memcache's 10 s, since a lease nobody fills keeps other pods' fills out of L2 until it
   * expires.
   */
  private static long leaseMillis(SidecarConfig config) {
    return Math.min(10_000, config.limits().fillTokenWindow().toMillis());
  }

  private static String newOrigin() {
    String host =
        System.getenv().getOrDefault("POD_NAME", System.getenv().getOrDefault("HOSTNAME", "local"));
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return host + "-" + HexFormat.of().formatHex(random);
  }
}
