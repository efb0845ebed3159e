package io.cachesync.sidecar.sync;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;

/**
 * The Redis server a {@link StreamSubscription} reads the frames stream from: the one server
 * (Standalone, or the master the sentinels name), or the master of the key's slot in a Redis
 * Cluster ({@link ClusterStreamNode}). Used by the subscription's one thread only.
 */
interface StreamNode extends AutoCloseable {
  /**
   * Commands on the server that holds the stream now, connecting if needed; throws if it cannot.
   */
  RedisCommands<byte[], byte[]> commands();

  /** The last command failed: the server may have been replaced (a failover, a slot moved). */
  default void failed() {}

  @Override
  void close();

  /** One connection of {@code client}, which Lettuce reconnects (with Sentinel, to the master). */
  static StreamNode server(RedisClient client, RedisCodec<byte[], byte[]> codec) {
    return new StreamNode() {
      private volatile StatefulRedisConnection<byte[], byte[]> connection;

      @Override
      public RedisCommands<byte[], byte[]> commands() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c == null) {
          c = client.connect(codec);
          connection = c;
        }
        return c.sync();
      }

      @Override
      public void close() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c != null) c.close(); // ends a blocked XREAD
      }
    };
  }
}
