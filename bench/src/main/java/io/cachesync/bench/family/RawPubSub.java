package io.cachesync.bench.family;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Redis Pub/Sub with nothing on top: one Lettuce connection publishes, as many subscriber
 * connections as there are watching peers receive, each reporting the payload to {@link Arrivals}
 * on its I/O thread. The floor of the propagation figures; on the cluster, sharded (SPUBLISH to
 * SSUBSCRIBE on the channel's shard, through Lettuce's cluster client).
 */
final class RawPubSub implements AutoCloseable {
  private final Consumer<String> publish;
  private final Runnable closePublisher;
  private final List<StatefulRedisPubSubConnection<String, String>> subscribers = new ArrayList<>();

  RawPubSub(RedisClient client, String channel, Arrivals arrivals) {
    this(client::connectPubSub, false, channel, arrivals, client.connect());
  }

  private RawPubSub(
      Supplier<? extends StatefulRedisPubSubConnection<String, String>> connect,
      boolean sharded,
      String channel,
      Arrivals arrivals,
      StatefulRedisConnection<String, String> publisher) {
    this(
        connect,
        sharded,
        channel,
        arrivals,
        payload -> publisher.sync().publish(channel, payload),
        publisher::close);
  }

  private RawPubSub(
      Supplier<? extends StatefulRedisPubSubConnection<String, String>> connect,
      boolean sharded,
      String channel,
      Arrivals arrivals,
      Consumer<String> publish,
      Runnable closePublisher) {
    this.publish = publish;
    this.closePublisher = closePublisher;
    for (int i = 0; i < arrivals.receivers(); i++) {
      int index = i;
      StatefulRedisPubSubConnection<String, String> sub = connect.get();
      sub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
              arrivals.saw(index, message, System.nanoTime());
            }

            @Override
            public void smessage(String from, String message) {
              arrivals.saw(index, message, System.nanoTime());
            }
          });
      // returns once Redis confirmed the subscription
      if (sharded) sub.sync().ssubscribe(channel);
      else sub.sync().subscribe(channel);
      subscribers.add(sub);
    }
  }

  /** SPUBLISH to SSUBSCRIBE on {@code channel}'s shard of the cluster. */
  static RawPubSub sharded(RedisClusterClient client, String channel, Arrivals arrivals) {
    StatefulRedisClusterConnection<String, String> publisher = client.connect();
    return new RawPubSub(
        client::connectPubSub,
        true,
        channel,
        arrivals,
        payload -> publisher.sync().spublish(channel, payload),
        publisher::close);
  }

  void publish(String payload) {
    publish.accept(payload);
  }

  @Override
  public void close() {
    subscribers.forEach(StatefulRedisPubSubConnection::close);
    closePublisher.run();
  }
}
