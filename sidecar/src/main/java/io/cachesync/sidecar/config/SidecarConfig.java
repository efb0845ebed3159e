package io.cachesync.sidecar.config;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The whole sidecar configuration, parsed once from the YAML file at the edge ({@link
 * ConfigLoader}) and passed inward as typed, validated values. Defaults that depend on other
 * sections are settled here: each cache's L2 prefix from the sync channel, and the byte bound of
 * the caches that set none from {@code limits.l1HeapShare} of the heap. A {@code with…} copy keeps
 * the prefixes and bounds its caches already have.
 */
public record SidecarConfig(
    RedisConfig redis,
    GrpcConfig grpc,
    LoaderConfig loader,
    SyncConfig sync,
    MetricsConfig metrics,
    LimitsConfig limits,
    KeyspaceNotificationsConfig keyspaceNotifications,
    List<CacheConfig> caches,
    ReloadConfig reload) {

  public SidecarConfig {
    redis = redis == null ? RedisConfig.defaults() : redis;
    grpc = grpc == null ? GrpcConfig.defaults() : grpc;
    loader = loader == null ? LoaderConfig.none() : loader;
    sync = sync == null ? SyncConfig.defaults() : sync;
    metrics = metrics == null ? MetricsConfig.defaults() : metrics;
    limits = limits == null ? LimitsConfig.defaults() : limits;
    keyspaceNotifications =
        keyspaceNotifications == null ? KeyspaceNotificationsConfig.off() : keyspaceNotifications;
    reload = reload == null ? ReloadConfig.defaults() : reload;
    String channel = sync.channel();
    RedisMode mode = redis.mode();
    caches =
        (caches == null || caches.isEmpty() ? List.of(CacheConfig.defaultCache()) : caches)
            .stream().map(c -> c.settled(channel, mode)).toList();
    caches = L1Bounds.settle(caches, limits);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < caches.size(); i++) {
      CacheConfig c = caches.get(i);
      if (c.needsLoader() && loader.target() == null) {
        throw new ConfigException(
            "caches["
                + i
                + "].strategy: "
                + c.strategy()
                + " reads or writes the store of record through the"
                + " application's CacheLoader; set loader.target (e.g. 127.0.0.1:7071)");
      }
      if (!names.add(caches.get(i).name())) {
        throw new ConfigException(
            "caches["
                + i
                + "].name: '"
                + caches.get(i).name()
                + "' is used by another cache; names must be unique");
      }
    }
    L2Isolation.check(caches, channel, redis.mode());
    WriteBehindKeys.check(caches, channel, redis.mode());
  }

  /** Working defaults: a local Redis, port 7070, one LookAside cache named {@code default}. */
  public static SidecarConfig defaults() {
    return new SidecarConfig(null, null, null, null, null, null, null, null, null);
  }

  public Optional<CacheConfig> cache(String name) {
    return caches.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public SidecarConfig withRedis(RedisConfig r) {
    return new SidecarConfig(
        r, grpc, loader, sync, metrics, limits, keyspaceNotifications, caches, reload);
  }

  public SidecarConfig withGrpc(GrpcConfig g) {
    return new SidecarConfig(
        redis, g, loader, sync, metrics, limits, keyspaceNotifications, caches, reload);
  }

  public SidecarConfig withSync(SyncConfig s) {
    return new SidecarConfig(
        redis, grpc, loader, s, metrics, limits, keyspaceNotifications, caches, reload);
  }

  public SidecarConfig withMetrics(MetricsConfig m) {
    return new SidecarConfig(
        redis, grpc, loader, sync, m, limits, keyspaceNotifications, caches, reload);
  }

  public SidecarConfig withLimits(LimitsConfig l) {
    return new SidecarConfig(
        redis, grpc, loader, sync, metrics, l, keyspaceNotifications, caches, reload);
  }

  public SidecarConfig withLoader(LoaderConfig l) {
    return new SidecarConfig(
        redis, grpc, l, sync, metrics, limits, keyspaceNotifications, caches, reload);
  }

  public SidecarConfig withKeyspaceNotifications(KeyspaceNotificationsConfig k) {
    return new SidecarConfig(redis, grpc, loader, sync, metrics, limits, k, caches, reload);
  }

  public SidecarConfig withCaches(List<CacheConfig> c) {
    return new SidecarConfig(
        redis, grpc, loader, sync, metrics, limits, keyspaceNotifications, c, reload);
  }

  public SidecarConfig withReload(ReloadConfig r) {
    return new SidecarConfig(
        redis, grpc, loader, sync, metrics, limits, keyspaceNotifications, caches, r);
  }
}
