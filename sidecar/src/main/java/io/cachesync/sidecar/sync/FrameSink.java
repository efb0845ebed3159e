package io.cachesync.sidecar.sync;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Where this sidecar's frames go: PUBLISH on the channel, SPUBLISH on it as a shard channel (Redis
 * Cluster), or XADD to the capped frames stream. The commands are a standalone connection's or a
 * cluster connection's, which routes SPUBLISH and XADD to the master of the channel's or key's
 * slot.
 */
interface FrameSink {
  /** The single field of a frames-stream entry: the frame's bytes. */
  byte[] STREAM_FIELD = "f".getBytes(StandardCharsets.UTF_8);

  CompletionStage<?> send(RedisClusterAsyncCommands<byte[], byte[]> redis, byte[] frame);

  static FrameSink publish(byte[] channel) {
    return (redis, frame) -> redis.publish(channel, frame);
  }

  /**
   * Sharded Pub/Sub: only the nodes of the shard that owns the channel's slot carry the frame,
   * where a classic PUBLISH in a cluster is broadcast over the cluster bus to every node.
   */
  static FrameSink shardPublish(byte[] channel) {
    return (redis, frame) -> redis.spublish(channel, frame);
  }

  /** Trimmed as Redis trims cheaply ({@code MAXLEN ~}): to about {@code maxLength} entries. */
  static FrameSink stream(byte[] key, long maxLength) {
    XAddArgs args = XAddArgs.Builder.maxlen(maxLength).approximateTrimming();
    return (redis, frame) -> redis.xadd(key, args, STREAM_FIELD, frame);
  }
}
