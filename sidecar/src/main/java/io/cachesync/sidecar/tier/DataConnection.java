package io.cachesync.sidecar.tier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data connection (string keys, byte values) to a single server or to a Redis Cluster, seen
 * through the commands both offer ({@link RedisClusterAsyncCommands}, {@link
 * RedisClusterCommands}). On a cluster every command goes to the master of its first key's slot and
 * follows MOVED and slot-map refreshes; a multi-key script must keep its keys on one slot ({@link
 * SlotGroups}), while SCAN and UNLINK are spread over the masters by Lettuce itself.
 */
public final class DataConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DataConnection.class);

  /** String keys, byte values: what L2 and the write-behind streams use. */
  public static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterAsyncCommands<String, byte[]> async;
  private final RedisClusterCommands<String, byte[]> sync;
  private final boolean cluster;

  private DataConnection(
      StatefulConnection<String, byte[]> connection,
      RedisClusterAsyncCommands<String, byte[]> async,
      RedisClusterCommands<String, byte[]> sync,
      boolean cluster) {
    this.connection = connection;
    this.async = async;
    this.sync = sync;
    this.cluster = cluster;
  }

  /** A connection to one server (Standalone, or the master the sentinels name). */
  public static DataConnection of(StatefulRedisConnection<String, byte[]> c) {
    return new DataConnection(c, c.async(), c.sync(), false);
  }

  /** A connection to a whole cluster: it routes each command by slot. */
  public static DataConnection of(StatefulRedisClusterConnection<String, byte[]> c) {
    return new DataConnection(c, c.async(), c.sync(), true);
  }

  /**
   * Opens one on {@code client}, a {@link RedisClusterClient} in Cluster mode (it reads the slot
   * map first) and a {@link RedisClient} otherwise.
   */
  public static DataConnection open(AbstractRedisClient client) {
    if (client instanceof RedisClusterClient c) return of(warm(c.connect(CODEC)));
    return of(((RedisClient) client).connect(CODEC));
  }

  /**
   * Opens the connection to every node now, replicas included. A cluster connection opens a node's
   * connection at the first command for it, and with commands rejected while disconnected, the
   * commands sent meanwhile fail: a GetMany's first scripts, or every L2 call right after a
   * failover promoted a replica nobody had talked to. Best effort: a node that does not answer now
   * is connected to later, as before.
   */
  private static StatefulRedisClusterConnection<String, byte[]> warm(
      StatefulRedisClusterConnection<String, byte[]> c) {
    List<CompletableFuture<?>> opening = new ArrayList<>();
    for (RedisClusterNode node : c.getPartitions()) {
      RedisURI uri = node.getUri();
      opening.add(c.getConnectionAsync(uri.getHost(), uri.getPort()).exceptionally(e -> null));
    }
    try {
      CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new))
          .get(c.getTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("not every cluster node answered at connect: {}", e.toString());
    }
    return c;
  }

  public RedisClusterAsyncCommands<String, byte[]> async() {
    return async;
  }

  /** Blocking commands; on a cluster each still goes to its key's master. */
  public RedisClusterCommands<String, byte[]> sync() {
    return sync;
  }

  /** Whether this spans a Redis Cluster, where multi-key scripts must stay within one slot. */
  public boolean cluster() {
    return cluster;
  }

  public Duration getTimeout() {
    return connection.getTimeout();
  }

  @Override
  public void close() {
    connection.close();
  }
}
