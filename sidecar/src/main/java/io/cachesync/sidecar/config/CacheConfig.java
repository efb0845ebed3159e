package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * One named cache. {@code maximumSize} bounds entries, {@code maximumWeight} bounds bytes (key +
 * value + overhead); either or both. {@code ttl} applies to Puts that carry none: every entry
 * expires.
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
    if (maximumSize == null && maximumWeight == null) maximumSize = 10_000L;
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
    l2 =
        l2 == null
            ? (strategy == Strategy.WriteBehind
                ? L2Config.enabledFor(name)
                : L2Config.disabledFor(name))
            : l2;
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
