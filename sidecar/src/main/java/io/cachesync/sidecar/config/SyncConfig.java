package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * The invalidation bus. {@code outageBufferKeys} bounds what is kept while Redis is unreachable
 * (past it, peers are told to clear on reconnect); {@code maxBatchKeys} bounds one frame under
 * load. With {@code delivery: Stream}, {@code streamMaxLength} caps the stream (approximately, as
 * Redis trims): a sidecar away for longer than that many frames clears on its return.
 */
public record SyncConfig(
    String channel,
    Duration heartbeatInterval,
    int outageBufferKeys,
    int maxBatchKeys,
    Delivery delivery,
    long streamMaxLength) {

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
    delivery = delivery == null ? Delivery.PubSub : delivery;
    streamMaxLength = streamMaxLength == 0 ? 100_000 : streamMaxLength;
    if (streamMaxLength < 100) {
      throw new ConfigException(
          "sync.streamMaxLength: must be at least 100 frames (heartbeats count too), got "
              + streamMaxLength);
    }
  }

  public SyncConfig(
      String channel, Duration heartbeatInterval, int outageBufferKeys, int maxBatchKeys) {
    this(channel, heartbeatInterval, outageBufferKeys, maxBatchKeys, null, 0);
  }

  public static SyncConfig defaults() {
    return new SyncConfig(null, null, 0, 0);
  }

  /** The Redis Stream that carries the frames with {@code delivery: Stream}. */
  public String streamKey() {
    return channel + ":stream";
  }

  public SyncConfig withChannel(String c) {
    return new SyncConfig(
        c, heartbeatInterval, outageBufferKeys, maxBatchKeys, delivery, streamMaxLength);
  }

  public SyncConfig withHeartbeatInterval(Duration d) {
    return new SyncConfig(channel, d, outageBufferKeys, maxBatchKeys, delivery, streamMaxLength);
  }

  public SyncConfig withOutageBufferKeys(int n) {
    return new SyncConfig(channel, heartbeatInterval, n, maxBatchKeys, delivery, streamMaxLength);
  }

  public SyncConfig withDelivery(Delivery d) {
    return new SyncConfig(
        channel, heartbeatInterval, outageBufferKeys, maxBatchKeys, d, streamMaxLength);
  }
}
