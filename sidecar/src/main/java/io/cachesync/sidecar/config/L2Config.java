package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * Redis as a shared tier under a cache: values live at {@code prefix + key} with a TTL (PX). {@code
 * ttl} null means the cache's ttl. {@code prefix} null means the default, {@link #defaultPrefix}:
 * it derives from the sync channel, so the {@link SidecarConfig} that knows the channel settles it,
 * and every cache it holds has a prefix.
 */
public record L2Config(boolean enabled, String prefix, Duration ttl) {

  public L2Config {
    if (prefix != null && prefix.isEmpty()) {
      throw new ConfigException("l2.prefix: must not be empty (it keeps caches apart in Redis)");
    }
    if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
      throw new ConfigException("l2.ttl: must be positive");
    }
  }

  /** L2 on, under the default prefix. */
  public static L2Config on() {
    return new L2Config(true, null, null);
  }

  /** L2 off; the default prefix is still settled, so reports and reloads compare like with like. */
  public static L2Config off() {
    return new L2Config(false, null, null);
  }

  /**
   * {@code <channel>:l2:<cache>:}. The channel is one per CacheSync (the operator's default is
   * {@code cachesync.<namespace>.<name>}), so two CacheSyncs on one Redis never share a value, and
   * it sits beside the write-behind stream {@code <channel>:wb:<cache>}; a cache name holds no
   * {@code :}, so two caches' default prefixes never nest. A WriteBehind cache on a Redis Cluster
   * gets {@code <channel>:l2:{<cache>}:} instead ({@link WriteBehindKeys}).
   */
  public static String defaultPrefix(String channel, String cache) {
    return channel + ":l2:" + cache + ":";
  }

  /**
   * This, with the default prefix settled for {@code cache} on {@code channel}; {@code
   * clusterWriteBehind}: the cache is WriteBehind on a Redis Cluster, whose default carries the
   * stream's hash tag ({@link WriteBehindKeys}), and where the untagged default, which could not
   * work there, counts as unset (a config built for Standalone and moved to Cluster).
   */
  L2Config settled(String channel, String cache, boolean clusterWriteBehind) {
    String untagged = defaultPrefix(channel, cache);
    if (!clusterWriteBehind) return prefix != null ? this : withPrefix(untagged);
    if (prefix != null && !prefix.equals(untagged)) return this;
    return withPrefix(WriteBehindKeys.clusterPrefix(channel, cache));
  }

  /** Whether {@code prefix} is a default prefix of {@code cache} on {@code channel}, any mode. */
  static boolean isDefault(String prefix, String channel, String cache) {
    return prefix.equals(defaultPrefix(channel, cache))
        || prefix.equals(WriteBehindKeys.clusterPrefix(channel, cache));
  }

  private L2Config withPrefix(String p) {
    return new L2Config(enabled, p, ttl);
  }
}
