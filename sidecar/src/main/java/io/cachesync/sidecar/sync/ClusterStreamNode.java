package io.cachesync.sidecar.sync;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.RedisCodec;
import java.util.function.Consumer;

/**
 * The frames stream on a Redis Cluster: read on the master of its key's slot, through that node's
 * own connection, so that INFO (whether the data there continues the data read before) reaches the
 * same node as the XREAD. After a failure the slot map is refreshed (at most once a second) and the
 * node looked up again, so a promoted replica is read from as soon as the cluster agrees on it.
 */
final class ClusterStreamNode implements StreamNode {
  private static final long REFRESH_NANOS = 1_000_000_000L;

  private final RedisClusterClient client;
  private final RedisCodec<byte[], byte[]> codec;
  private final int slot;
  private final Consumer<String> reached;
  private volatile StatefulRedisClusterConnection<byte[], byte[]> connection;
  private long refreshedNanos = System.nanoTime() - REFRESH_NANOS;

  /**
   * @param reached told the host:port of the node read from, each time it is looked up
   */
  ClusterStreamNode(
      RedisClusterClient client,
      RedisCodec<byte[], byte[]> codec,
      byte[] key,
      Consumer<String> reached) {
    this.client = client;
    this.codec = codec;
    this.slot = SlotHash.getSlot(key);
    this.reached = reached;
  }

  @Override
  public RedisCommands<byte[], byte[]> commands() {
    StatefulRedisClusterConnection<byte[], byte[]> c = connection;
    if (c == null) {
      c = client.connect(codec);
      connection = c;
    }
    RedisClusterNode master = client.getPartitions().getMasterBySlot(slot);
    if (master == null) {
      throw new RedisException("no master of the Redis Cluster serves slot " + slot + " now");
    }
    RedisURI uri = master.getUri();
    RedisCommands<byte[], byte[]> commands = c.getConnection(uri.getHost(), uri.getPort()).sync();
    reached.accept(uri.getHost() + ":" + uri.getPort());
    return commands;
  }

  @Override
  public void failed() {
    long now = System.nanoTime();
    if (now - refreshedNanos < REFRESH_NANOS) return;
    refreshedNanos = now;
    client.refreshPartitionsAsync();
  }

  @Override
  public void close() {
    StatefulRedisClusterConnection<byte[], byte[]> c = connection;
    if (c != null) c.close(); // closes the node connections too, ending a blocked XREAD
  }
}
