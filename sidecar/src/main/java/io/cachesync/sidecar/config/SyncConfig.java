package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * The invalidation bus. {@code outageBufferKeys} bounds what is kept while Redis is unreachable
 * (past it, peers are told to clear on reconnect); {@code maxBatchKeys} bounds one frame under
 * load. With {@code delivery: Stream}, {@code streamMaxLength} caps the stream (approximately, as
 * Redis trims): a sidecar away for longer than that many frames clears on its return.
 *
 * @param keyFile the file holding the key that signs and verifies frames ({@link SyncKeys}); null
 *     for unsigned frames (local runs)
 * @param verifyKeyFile a second key that verifies frames and never signs (key rotations); null for
 *     none
 * @param maxFrameBytes the largest message read off the channel; larger ones are dropped unread
 */
public record SyncConfig(
    String channel,
    Duration heartbeatInterval,
    int outageBufferKeys,
    int maxBatchKeys,
    Delivery delivery,
    long streamMaxLength,
    String keyFile,
    String verifyKeyFile,
    int maxFrameBytes) {

  /**
   * 1000 keys (the default {@code maxBatchKeys}) of 4 KiB (the default {@code limits.maxKeyBytes})
   * and their lengths fit, so a batch of the defaults' longest keys is never refused.
   */
  public static final int DEFAULT_MAX_FRAME_BYTES = 4 << 20;

  /** Room for a batch of a few long keys: below it, most batches would turn into clears. */
  public static final int MIN_MAX_FRAME_BYTES = 64 << 10;

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
    keyFile = keyFile == null || keyFile.isBlank() ? null : keyFile;
    verifyKeyFile = verifyKeyFile == null || verifyKeyFile.isBlank() ? null : verifyKeyFile;
    maxFrameBytes = maxFrameBytes == 0 ? DEFAULT_MAX_FRAME_BYTES : maxFrameBytes;
    if (maxFrameBytes < MIN_MAX_FRAME_BYTES) {
      throw new ConfigException(
          "sync.maxFrameBytes: must be at least 64Ki (a batch of a few long keys), got "
              + maxFrameBytes);
    }
  }

  public SyncConfig(
      String channel, Duration heartbeatInterval, int outageBufferKeys, int maxBatchKeys) {
    this(channel, heartbeatInterval, outageBufferKeys, maxBatchKeys, null, 0, null, null, 0);
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
        c,
        heartbeatInterval,
        outageBufferKeys,
        maxBatchKeys,
        delivery,
        streamMaxLength,
        keyFile,
        verifyKeyFile,
        maxFrameBytes);
  }

  public SyncConfig withHeartbeatInterval(Duration d) {
    return new SyncConfig(
        channel,
        d,
        outageBufferKeys,
        maxBatchKeys,
        delivery,
        streamMaxLength,
        keyFile,
        verifyKeyFile,
        maxFrameBytes);
  }

  public SyncConfig withOutageBufferKeys(int n) {
    return new SyncConfig(
        channel,
        heartbeatInterval,
        n,
        maxBatchKeys,
        delivery,
        streamMaxLength,
        keyFile,
        verifyKeyFile,
        maxFrameBytes);
  }

  public SyncConfig withDelivery(Delivery d) {
    return new SyncConfig(
        channel,
        heartbeatInterval,
        outageBufferKeys,
        maxBatchKeys,
        d,
        streamMaxLength,
        keyFile,
        verifyKeyFile,
        maxFrameBytes);
  }

  public SyncConfig withKeyFiles(String key, String verifyKey) {
    return new SyncConfig(
        channel,
        heartbeatInterval,
        outageBufferKeys,
        maxBatchKeys,
        delivery,
        streamMaxLength,
        key,
        verifyKey,
        maxFrameBytes);
  }

  public SyncConfig withMaxFrameBytes(int n) {
    return new SyncConfig(
        channel,
        heartbeatInterval,
        outageBufferKeys,
        maxBatchKeys,
        delivery,
        streamMaxLength,
        keyFile,
        verifyKeyFile,
        n);
  }
}
