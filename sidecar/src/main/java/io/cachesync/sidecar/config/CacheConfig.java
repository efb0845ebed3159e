package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * One named cache. {@code maximumSize} bounds entries, {@code maximumWeight} bounds bytes (key +
 * value + overhead); either or both. With neither, the {@link SidecarConfig} that holds the cache
 * bounds it by a share of the heap ({@code limits.l1HeapShare}), so every cache it holds has a
 * bound. {@code ttl} applies to Puts that carry none: every entry expires.
 */
public record CacheConfig(
    String name,
    Strategy strategy,
    Long maximumSize,
    Long maximumWeight,
    Duration ttl,
    L2Config l2,
    WriteBehindConfig writeBehind) {

  /** The names the CRD accepts too: DNS-label-like, so they fit in metric labels and Redis keys. */
  public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$";

  public CacheConfig {
    if (name == null || name.isBlank()) {
      throw new ConfigException("caches[].name: every cache needs a name");
    }
    if (!name.matches(NAME_PATTERN)) {
      throw new ConfigException(
          "caches[].name: '"
              + name
              + "' must be lower-case letters, digits, '-', '_' or '.', at most 63 characters");
    }
    strategy = strategy == null ? Strategy.LookAside : strategy;
    if (maximumSize != null && maximumSize <= 0) {
      throw new ConfigException(
          "caches[" + name + "].maximumSize: must be positive, got " + maximumSize);
    }
    if (maximumWeight != null && maximumWeight <= 0) {
      throw new ConfigException(
          "caches[" + name + "].maximumWeight: must be positive, got " + maximumWeight);
    }
    ttl = ttl == null ? Duration.ofMinutes(10) : ttl;
    // WriteBehind lands every Put in L2, so it has one by default
    l2 = l2 == null ? (strategy == Strategy.WriteBehind ? L2Config.on() : L2Config.off()) : l2;
    writeBehind = writeBehind == null ? WriteBehindConfig.defaults() : writeBehind;
    if (strategy == Strategy.WriteBehind && !l2.enabled()) {
      throw new ConfigException(
          "caches["
              + name
              + "].l2.enabled: WriteBehind keeps every Put in L2 until it is stored; enable l2");
    }
    if (ttl.isZero() || ttl.isNegative()) {
      throw new ConfigException(
          "caches["
              + name
              + "].ttl: must be positive; every entry needs a TTL as the last safety net");
    }
  }

  public CacheConfig(
      String name, Strategy strategy, Long maximumSize, Long maximumWeight, Duration ttl) {
    this(name, strategy, maximumSize, maximumWeight, ttl, null, null);
  }

  CacheConfig withMaximumWeight(long bytes) {
    return new CacheConfig(name, strategy, maximumSize, bytes, ttl, l2, writeBehind);
  }

  /** This cache with its L2 default prefix settled from the sync {@code channel} and the mode. */
  CacheConfig settled(String channel, RedisMode mode) {
    L2Config l2Settled =
        l2.settled(channel, name, mode == RedisMode.Cluster && strategy == Strategy.WriteBehind);
    return l2Settled == l2
        ? this
        : new CacheConfig(name, strategy, maximumSize, maximumWeight, ttl, l2Settled, writeBehind);
  }

  /**
   * This cache as it runs on the channel {@code running} when its file names the channel {@code
   * file}: an L2 prefix that is the file channel's default follows the channel in effect, which a
   * running sidecar changes only on restart. A prefix of its own stays.
   */
  public CacheConfig onChannel(String file, String running) {
    if (file.equals(running) || !L2Config.isDefault(l2.prefix(), file, name)) {
      return this;
    }
    String prefix =
        l2.prefix().equals(L2Config.defaultPrefix(file, name))
            ? L2Config.defaultPrefix(running, name)
            : WriteBehindKeys.clusterPrefix(running, name);
    L2Config moved = new L2Config(l2.enabled(), prefix, l2.ttl());
    return new CacheConfig(name, strategy, maximumSize, maximumWeight, ttl, moved, writeBehind);
  }

  /**
   * Whether the strategy reads or writes the store of record through the application's CacheLoader.
   */
  public boolean needsLoader() {
    return strategy != Strategy.LookAside;
  }

  public static CacheConfig defaultCache() {
    return lookAside("default");
  }

  public static CacheConfig lookAside(String name) {
    return new CacheConfig(name, Strategy.LookAside, null, null, null);
  }
}
