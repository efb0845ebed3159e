package io.cachesync.bench.family;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis Pub/Sub with nothing on top: one Lettuce connection publishes, as many subscriber
 * connections as there are watching peers receive, each reporting the payload to {@link Arrivals}
 * on its I/O thread. The floor of the propagation figures.
 */
final class RawPubSub implements AutoCloseable {
  private final StatefulRedisConnection<String, String> publisher;
  private final List<StatefulRedisPubSubConnection<String, String>> subscribers = new ArrayList<>();
  private final String channel;

  RawPubSub(RedisClient client, String channel, Arrivals arrivals) {
    this.channel = channel;
    this.publisher = client.connect();
    for (int i = 0; i < arrivals.receivers(); i++) {
      int index = i;
      StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
      sub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
              arrivals.saw(index, message, System.nanoTime());
            }
          });
      sub.sync().subscribe(channel); // returns once Redis confirmed the subscription
      subscribers.add(sub);
    }
  }

  void publish(String payload) {
    publisher.sync().publish(channel, payload);
  }

  @Override
  public void close() {
    subscribers.forEach(StatefulRedisPubSubConnection::close);
    publisher.close();
  }
}
