package io.cachesync.bench.family;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Light subscribers: plain Lettuce Pub/Sub connections on one channel that only count the keys the
 * messages they receive carry, on their I/O threads. To Redis each is a subscriber like a
 * sidecar's, so they stand in for the pods a 2-core machine cannot run as JVMs. On a cluster they
 * are sharded subscribers (SSUBSCRIBE, messages as {@code smessage}).
 */
final class CountingSubscribers implements AutoCloseable {
  private final List<StatefulRedisPubSubConnection<byte[], byte[]>> connections = new ArrayList<>();
  private final AtomicLongArray keys;
  private final AtomicLong unreadable = new AtomicLong();

  /**
   * @param connect a new Pub/Sub connection (a cluster one on a cluster)
   * @param sharded SSUBSCRIBE instead of SUBSCRIBE
   * @param keysIn the keys one message carries; it throws IllegalArgumentException for a message it
   *     cannot read, which is counted apart
   */
  CountingSubscribers(
      Supplier<? extends StatefulRedisPubSubConnection<byte[], byte[]>> connect,
      boolean sharded,
      String channel,
      int count,
      ToLongFunction<byte[]> keysIn) {
    this.keys = new AtomicLongArray(count);
    byte[] name = channel.getBytes(StandardCharsets.UTF_8);
    try {
      for (int i = 0; i < count; i++) {
        int index = i;
        StatefulRedisPubSubConnection<byte[], byte[]> c = connect.get();
        connections.add(c);
        c.addListener(
            new RedisPubSubAdapter<>() {
              @Override
              public void message(byte[] from, byte[] message) {
                count(index, message, keysIn);
              }

              @Override
              public void smessage(byte[] from, byte[] message) {
                count(index, message, keysIn);
              }
            });
        // returns once Redis confirmed the subscription
        if (sharded) c.sync().ssubscribe(name);
        else c.sync().subscribe(name);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void count(int index, byte[] message, ToLongFunction<byte[]> keysIn) {
    try {
      keys.addAndGet(index, keysIn.applyAsLong(message));
    } catch (IllegalArgumentException e) {
      unreadable.incrementAndGet();
    }
  }

  int count() {
    return keys.length();
  }

  /** Keys subscriber {@code index} has counted so far. */
  long keys(int index) {
    return keys.get(index);
  }

  /** Messages no subscriber could read (not a frame): a sign the channel is shared. */
  long unreadable() {
    return unreadable.get();
  }

  @Override
  public void close() {
    connections.forEach(StatefulRedisPubSubConnection::close);
  }
}
