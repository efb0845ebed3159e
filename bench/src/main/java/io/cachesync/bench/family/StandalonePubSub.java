package io.cachesync.bench.family;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.function.ToLongFunction;

/** Classic Pub/Sub on the one standalone server, through the rig's Lettuce client. */
final class StandalonePubSub implements FanoutPubSub {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> admin;
  private final StatefulRedisConnection<byte[], byte[]> publisher;

  StandalonePubSub(RedisClient client) {
    this.client = client;
    this.admin = client.connect();
    this.publisher = client.connect(ByteArrayCodec.INSTANCE);
  }

  @Override
  public CountingSubscribers subscribe(String channel, int count, ToLongFunction<byte[]> keysIn) {
    return new CountingSubscribers(
        () -> client.connectPubSub(ByteArrayCodec.INSTANCE), false, channel, count, keysIn);
  }

  @Override
  public RedisFuture<Long> publish(byte[] channel, byte[] payload) {
    return publisher.async().publish(channel, payload);
  }

  @Override
  public long subscribers(String channel) {
    return admin.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
  }

  @Override
  public RedisCounters counters(String channel) {
    return RedisCounters.read(admin.sync(), "publish");
  }

  @Override
  public String publishCommand() {
    return "PUBLISH";
  }

  @Override
  public void close() {
    publisher.close();
    admin.close();
  }
}
