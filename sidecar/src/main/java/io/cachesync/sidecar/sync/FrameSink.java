package io.cachesync.sidecar.sync;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/** Where this sidecar's frames go: PUBLISH on the channel, or XADD to the capped frames stream. */
interface FrameSink {
  /** The single field of a frames-stream entry: the frame's bytes. */
  byte[] STREAM_FIELD = "f".getBytes(StandardCharsets.UTF_8);

  CompletionStage<?> send(RedisAsyncCommands<byte[], byte[]> redis, byte[] frame);

  static FrameSink publish(byte[] channel) {
    return (redis, frame) -> redis.publish(channel, frame);
  }

  /** Trimmed as Redis trims cheaply ({@code MAXLEN ~}): to about {@code maxLength} entries. */
  static FrameSink stream(byte[] key, long maxLength) {
    XAddArgs args = XAddArgs.Builder.maxlen(maxLength).approximateTrimming();
    return (redis, frame) -> redis.xadd(key, args, STREAM_FIELD, frame);
  }
}
