package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * The invalidation bus. {@code outageBufferKeys} bounds what is kept while Redis is unreachable
 * (past it, peers are told to clear on reconnect); {@code maxBatchKeys} bounds one frame under
 * load.
 */
public record SyncConfig(
    String channel, Duration heartbeatInterval, int outageBufferKeys, int maxBatchKeys) {

  public SyncConfig {
    channel = channel == null || channel.isBlank() ? "cachesync.default" : channel;
    heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(1) : heartbeatInterval;
    if (heartbeatInterval.toMillis() < 10) {
      throw new ConfigException(
          "sync.heartbeatInterval: must be at least 10ms, got "
              + heartbeatInterval.toMillis()
              + "ms");
    }
    outageBufferKeys = outageBufferKeys == 0 ? 100_000 : outageBufferKeys;
    maxBatchKeys = maxBatchKeys == 0 ? 1_000 : maxBatchKeys;
    if (outageBufferKeys < 0) {
      throw new ConfigException("sync.outageBufferKeys: must be positive, got " + outageBufferKeys);
    }
    if (maxBatchKeys < 0) {
      throw new ConfigException("sync.maxBatchKeys: must be positive, got " + maxBatchKeys);
    }
  }

  public static SyncConfig defaults() {
    return new SyncConfig(null, null, 0, 0);
  }

  public SyncConfig withChannel(String c) {
    return new SyncConfig(c, heartbeatInterval, outageBufferKeys, maxBatchKeys);
  }

  public SyncConfig withHeartbeatInterval(Duration d) {
    return new SyncConfig(channel, d, outageBufferKeys, maxBatchKeys);
  }

  public SyncConfig withOutageBufferKeys(int n) {
    return new SyncConfig(channel, heartbeatInterval, n, maxBatchKeys);
  }
}
