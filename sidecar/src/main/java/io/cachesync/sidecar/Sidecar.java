package io.cachesync.sidecar;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.sidecar.cache.CacheRegistry;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.grpc.CacheServiceImpl;
import io.cachesync.sidecar.grpc.GrpcServers;
import io.cachesync.sidecar.grpc.ServingGate;
import io.cachesync.sidecar.grpc.WatchHub;
import io.cachesync.sidecar.keyspace.EchoFilter;
import io.cachesync.sidecar.keyspace.KeyPrefixes;
import io.cachesync.sidecar.keyspace.KeyspaceListener;
import io.cachesync.sidecar.keyspace.NotificationsStatus;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.metrics.HealthReport;
import io.cachesync.sidecar.metrics.MetricsServer;
import io.cachesync.sidecar.metrics.SidecarMetrics;
import io.cachesync.sidecar.strategy.Peers;
import io.cachesync.sidecar.strategy.Strategies;
import io.cachesync.sidecar.sync.InvalidationBus;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.sidecar.tier.L2Tier;
import io.cachesync.sidecar.tier.RedisLink;
import io.cachesync.sidecar.tier.writebehind.WriteBehindFlusher;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sidecar: its caches, its bus, its gRPC listeners and its metrics, started and stopped
 * together.
 */
public final class Sidecar implements AutoCloseable {
  public static final String SERVICE_NAME = CacheServiceGrpc.SERVICE_NAME;
  private static final Logger log = LoggerFactory.getLogger(Sidecar.class);

  private final SidecarConfig config;
  private final CacheRegistry caches;
  private final InvalidationBus bus;
  private final WatchHub watchers = new WatchHub();
  private final ServingGate gate = new ServingGate(() -> bus().lastError());
  private final HealthStatusManager health = new HealthStatusManager();
  private final SyncedCaches synced;
  private final EchoFilter echoes = new EchoFilter();
  private final RedisLink redisLink;
  private final LoaderClient loader;
  private final KeyspaceListener keyspace;
  private final Map<String, WriteBehindFlusher> flushers = new LinkedHashMap<>();
  private final GrpcServers servers;
  private final MetricsServer metricsServer;
  private volatile boolean closed;

  private Sidecar(SidecarConfig config) throws IOException {
    this.config = config;
    this.caches = new CacheRegistry(config);
    health.setStatus("", ServingStatus.NOT_SERVING);
    health.setStatus(SERVICE_NAME, ServingStatus.NOT_SERVING);
    String origin = newOrigin();
    boolean usesL2 = config.caches().stream().anyMatch(c -> c.l2().enabled());
    this.synced = new SyncedCaches(caches, watchers, gate, health, () -> origin, usesL2);
    this.bus = new InvalidationBus(config.redis(), config.sync(), origin, synced);
    SidecarMetrics metrics = new SidecarMetrics(caches, bus);
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
    this.loader = config.loader().target() == null ? null : new LoaderClient(config.loader());
    Strategies strategies =
        new Strategies(
            caches,
            c -> new L2Tier(redisLink, c.l2(), c.ttl().toMillis(), echoes::expect, echoes::cancel),
            new Peers(bus),
            loader,
            c -> writeBehind(c, origin));
    CacheServiceImpl service =
        new CacheServiceImpl(caches, strategies, bus, watchers, gate, config.limits(), metrics);
    int maxInbound =
        (int)
            Math.min(
                Integer.MAX_VALUE,
                Math.max(4L << 20, config.limits().maxValueBytes() * 2 + (1 << 16)));
    List<BindableService> services = List.of(service, ProtoReflectionServiceV1.newInstance());
    this.servers =
        new GrpcServers(
            config.grpc(), maxInbound, services, List.of(health.getHealthService().bindService()));
    flushers.forEach((cache, f) -> metrics.writeBehind(cache, f.counters()));
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

  private WriteBehindStream writeBehind(CacheConfig cache, String origin) {
    WriteBehindStream stream =
        new WriteBehindStream(
            WriteBehindStream.keyFor(config.sync().channel(), cache.name()), redisLink::commands);
    flushers.put(
        cache.name(),
        new WriteBehindFlusher(
            cache.name(), stream, origin, cache.writeBehind(), loader, redisLink::dedicated));
    return stream;
  }

  /**
   * Binds the listeners and starts connecting to Redis; SERVING follows once the channel is
   * subscribed.
   */
  public static Sidecar start(SidecarConfig config) throws IOException {
    Sidecar s = new Sidecar(config);
    s.bus.start();
    if (config.caches().stream().anyMatch(c -> c.l2().enabled()))
      s.redisLink.start(s.synced::dataConnected);
    if (s.keyspace != null) s.keyspace.start();
    s.flushers.values().forEach(WriteBehindFlusher::start);
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

  public SidecarConfig config() {
    return config;
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
    return gate.phase() == ServingGate.Phase.SERVING;
  }

  public HealthReport health() {
    SyncState sync = bus.state();
    String detail =
        switch (sync) {
          case CONNECTED -> "invalidations flow";
          case DEGRADED ->
              "sync degraded, reads served from L1: "
                  + bus.lastError()
                  + "; "
                  + bus.bufferedKeys()
                  + " changes buffered";
          case CONNECTING -> "not ready: " + bus.lastError();
          case CLOSED -> "shut down";
        };
    NotificationsStatus keyspaceStatus = synced.keyspaceStatus();
    if (keyspaceStatus != null && keyspaceStatus.state() != NotificationsStatus.State.ENABLED) {
      detail +=
          "; keyspace notifications " + keyspaceStatus.state() + ": " + keyspaceStatus.detail();
    }
    return new HealthReport(
        serving(), gate.phase().name(), sync.name(), detail, bus.origin(), bus.channel());
  }

  /** Graceful: NOT_SERVING, drain running calls, publish what is buffered, then disconnect. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    log.info("draining sidecar {}", bus.origin());
    gate.draining();
    health.enterTerminalState();
    watchers.closeAll();
    try {
      servers.drain(config.grpc().drainTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    servers.close();
    flushers.values().forEach(WriteBehindFlusher::close);
    if (keyspace != null) keyspace.close();
    bus.close();
    redisLink.close();
    if (loader != null) loader.close();
    if (metricsServer != null) metricsServer.close();
    log.info("sidecar {} stopped", bus.origin());
  }

  private static String newOrigin() {
    String host =
        System.getenv().getOrDefault("POD_NAME", System.getenv().getOrDefault("HOSTNAME", "local"));
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return host + "-" + HexFormat.of().formatHex(random);
  }
}
