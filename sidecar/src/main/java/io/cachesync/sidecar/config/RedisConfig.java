package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * Where Redis is. Credentials never sit in the file itself: the password comes from {@code
 * passwordFile} (a mounted Secret) or the environment variable {@code CACHESYNC_REDIS_PASSWORD}.
 */
public record RedisConfig(
    String url,
    String username,
    String passwordFile,
    Duration connectTimeout,
    Duration commandTimeout) {

  public RedisConfig {
    url = url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url.trim();
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      throw new ConfigException(
          "redis.url: '"
              + url
              + "' must start with redis:// (or rediss:// for TLS), e.g. redis://127.0.0.1:6379");
    }
    if (url.matches("^rediss?://[^/@]*:[^/@]+@.*")) {
      throw new ConfigException(
          "redis.url: do not put a password in the url; use redis.passwordFile or CACHESYNC_REDIS_PASSWORD");
    }
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
    commandTimeout = commandTimeout == null ? Duration.ofSeconds(2) : commandTimeout;
  }

  public static RedisConfig defaults() {
    return new RedisConfig(null, null, null, null, null);
  }

  public static RedisConfig of(String url) {
    return new RedisConfig(url, null, null, null, null);
  }
}
