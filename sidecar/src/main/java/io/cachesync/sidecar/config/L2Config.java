package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * Redis as a shared tier under a cache: values live at {@code prefix + key} with a TTL (PX). {@code
 * ttl} null means the cache's ttl.
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

  public static L2Config enabledFor(String cache) {
    return new L2Config(true, defaultPrefix(cache), null);
  }

  public static L2Config disabledFor(String cache) {
    return new L2Config(false, defaultPrefix(cache), null);
  }

  public static String defaultPrefix(String cache) {
    return "cachesync:" + cache + ":";
  }
}
