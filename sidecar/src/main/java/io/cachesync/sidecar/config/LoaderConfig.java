package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * The application's CacheLoader, for the strategies that read or write the store of record. {@code
 * timeout} is each call's deadline; {@code maxConcurrency} bounds calls in flight and {@code
 * maxQueued} the calls waiting for one of them (past it a call fails at once: the CacheLoader is
 * saturated, and a queue without bound would only hold callers until they give up); {@code retries}
 * applies to Load only (a read is safe to repeat, a Store is not the sidecar's to repeat blindly).
 */
public record LoaderConfig(
    String target, Duration timeout, int maxConcurrency, int retries, int maxQueued) {

  public LoaderConfig {
    target = target == null || target.isBlank() ? null : target;
    timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    maxConcurrency = maxConcurrency == 0 ? 64 : maxConcurrency;
    maxQueued = maxQueued == 0 ? 1_000 : maxQueued;
    if (maxConcurrency < 0) {
      throw new ConfigException("loader.maxConcurrency: must be positive, got " + maxConcurrency);
    }
    if (retries < 0)
      throw new ConfigException("loader.retries: must not be negative, got " + retries);
    if (maxQueued < 0) {
      throw new ConfigException("loader.maxQueued: must be positive, got " + maxQueued);
    }
  }

  public LoaderConfig(String target, Duration timeout, int maxConcurrency, int retries) {
    this(target, timeout, maxConcurrency, retries, 0);
  }

  public LoaderConfig(String target, Duration timeout) {
    this(target, timeout, 0, 2);
  }

  public static LoaderConfig none() {
    return new LoaderConfig(null, null);
  }

  public static LoaderConfig at(String target) {
    return new LoaderConfig(target, null);
  }
}
