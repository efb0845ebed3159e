package io.cachesync.bench.family;

import io.lettuce.core.RedisFuture;
import java.util.function.ToLongFunction;

/**
 * Pub/Sub as one {@link Topology} does it, for the fan-out and propagation floors: subscribers, a
 * publisher, and what the node serving a channel counts (subscribers, CPU, publishes).
 */
interface FanoutPubSub extends AutoCloseable {
  /** {@code count} light subscribers of {@code channel}, each counting the keys it receives. */
  CountingSubscribers subscribe(String channel, int count, ToLongFunction<byte[]> keysIn);

  /** Publishes {@code payload} on {@code channel}; the future completes with the receivers. */
  RedisFuture<Long> publish(byte[] channel, byte[] payload);

  /** The subscribers the node serving {@code channel} counts on it now. */
  long subscribers(String channel);

  /** CPU and publishes of the node serving {@code channel} (on a cluster, its shard's master). */
  RedisCounters counters(String channel);

  /** The command a publish is: {@code PUBLISH}, or {@code SPUBLISH} on a cluster. */
  String publishCommand();

  @Override
  void close();
}
