package io.cachesync.bench.family;

import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.function.ToLongFunction;

/**
 * Sharded Pub/Sub on the 3-shard cluster through Lettuce's {@link RedisClusterClient}: each
 * subscriber a {@code StatefulRedisClusterPubSubConnection} whose SSUBSCRIBE Lettuce sends to the
 * master of the channel's slot, SPUBLISH routed the same way. The counters are that master's only:
 * a shard channel costs the other shards nothing, which is the point of sharding it.
 */
final class ShardedPubSub implements FanoutPubSub {
  private final RedisClusterClient client;
  private final RedisCluster cluster;
  private final StatefulRedisClusterConnection<byte[], byte[]> publisher;

  ShardedPubSub(RedisClusterClient client, RedisCluster cluster) {
    this.client = client;
    this.cluster = cluster;
    this.publisher = client.connect(ByteArrayCodec.INSTANCE);
  }

  @Override
  public CountingSubscribers subscribe(String channel, int count, ToLongFunction<byte[]> keysIn) {
    return new CountingSubscribers(
        () -> client.connectPubSub(ByteArrayCodec.INSTANCE), true, channel, count, keysIn);
  }

  @Override
  public RedisFuture<Long> publish(byte[] channel, byte[] payload) {
    return publisher.async().spublish(channel, payload);
  }

  @Override
  public long subscribers(String channel) {
    String reply = cluster.masterFor(channel).command("PUBSUB", "SHARDNUMSUB", channel);
    // "[channel, N]"
    return Long.parseLong(reply.substring(reply.lastIndexOf(' ') + 1, reply.length() - 1));
  }

  @Override
  public RedisCounters counters(String channel) {
    RedisAddress master = cluster.masterFor(channel);
    return RedisCounters.parse(
        master.command("INFO", "cpu") + "\n" + master.command("INFO", "commandstats"), "spublish");
  }

  @Override
  public String publishCommand() {
    return "SPUBLISH";
  }

  @Override
  public void close() {
    publisher.close();
  }
}
