package io.cachesync.sidecar.config;

import java.time.Duration;

/** The application's CacheLoader, for the strategies that read or write the store of record. */
public record LoaderConfig(String target, Duration timeout) {

  public LoaderConfig {
    target = target == null || target.isBlank() ? null : target;
    timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
  }

  public static LoaderConfig none() {
    return new LoaderConfig(null, null);
  }
}
