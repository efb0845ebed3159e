package io.cachesync.sidecar.sync;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalidation channel as a shard channel of a Redis Cluster: SSUBSCRIBE on the master of the
 * channel's slot, frames ({@code smessage}) and confirmations ({@code ssubscribed}) handed to the
 * {@link InvalidationSubscriber} as the standalone subscription hands them, so a re-subscription is
 * a repair here too.
 *
 * <p>Lettuce 7.7 re-subscribes a shard channel only when the same node's connection comes back. It
 * does not when the master is killed and its replica promoted, nor when the slot moves (Redis then
 * sends SUNSUBSCRIBE): found by test, and ClusterFailoverIT fails without what follows. So this
 * follows the slot itself: each {@link #tick} compares the slot's master in the client's slot map
 * with the node that confirmed the subscription, and subscribes on the master where they differ.
 * While the subscribed node is unreachable it asks for a fresh slot map (at most once a second), so
 * a promoted replica is found within a tick or two of the cluster agreeing on it, not at the next
 * 30 s refresh. Stale-read window: from the old master's death to the confirmation on the new one
 * frames are lost, and that confirmation clears the caches (the same repair as a reconnect).
 */
final class ShardChannelSubscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardChannelSubscription.class);
  private static final long RETRY_NANOS = 1_000_000_000L;

  /** What the bus learns from the subscription. */
  interface Events {
    /**
     * The subscription is down (node unreachable, slot moved); frames are missed until it is back.
     */
    void down(String reason);

    /** Which node holds the subscription now, host:port. */
    void server(String hostPort);
  }

  private final RedisClusterClient client;
  private final StatefulRedisClusterPubSubConnection<byte[], byte[]> connection;
  private final byte[] channel;
  private final String channelName;
  private final int slot;
  private final InvalidationSubscriber subscriber;
  private final Events events;
  private final Object delivering = new Object(); // frames from two nodes' I/O threads never mix
  private final Set<StatefulRedisPubSubConnection<byte[], byte[]>> watched =
      ConcurrentHashMap.newKeySet();

  /** host:port that confirmed the SSUBSCRIBE and is still connected; null while none is. */
  private volatile String confirmedOn;

  /** host:port the last SSUBSCRIBE went to, and when. */
  private volatile String target;

  private volatile long attemptNanos;
  private volatile long refreshNanos;
  private volatile boolean closed;

  ShardChannelSubscription(
      RedisClusterClient client,
      StatefulRedisClusterPubSubConnection<byte[], byte[]> connection,
      byte[] channel,
      InvalidationSubscriber subscriber,
      Events events) {
    this.client = client;
    this.connection = connection;
    this.channel = channel.clone();
    this.channelName = new String(channel, java.nio.charset.StandardCharsets.UTF_8);
    this.slot = SlotHash.getSlot(channel);
    this.subscriber = subscriber;
    this.events = events;
    connection.addListener(new Listener());
  }

  /** Subscribes on the slot's master now; later {@link #tick}s keep it there. */
  void start() {
    tick();
  }

  /**
   * Called on the bus's thread every heartbeat: subscribes on the slot's master when the
   * subscription is not confirmed there; never blocks.
   */
  void tick() {
    if (closed) return;
    String master = masterOfSlot();
    String on = confirmedOn;
    if (on != null && on.equals(master)) return;
    long now = System.nanoTime();
    if (on == null && target != null && now - refreshNanos > RETRY_NANOS) {
      refreshNanos = now; // the node is away: it may have been replaced
      client.refreshPartitionsAsync();
    }
    if (master == null) return;
    if (master.equals(target) && now - attemptNanos < RETRY_NANOS) return; // one in flight
    subscribeOn(master, now);
  }

  private void subscribeOn(String hostPort, long now) {
    String before = target;
    target = hostPort;
    attemptNanos = now;
    if (before != null && !before.equals(hostPort)) {
      log.info(
          "shard channel {} (slot {}) is served by {} now, not {}: subscribing there",
          channelName,
          slot,
          hostPort,
          before);
    }
    int colon = hostPort.lastIndexOf(':');
    connection
        .getConnectionAsync(
            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))
        .thenCompose(
            node -> {
              watch(node, hostPort);
              return node.async().ssubscribe(channel);
            })
        .whenComplete(
            (ok, error) -> {
              if (error != null && !closed) {
                log.debug(
                    "SSUBSCRIBE {} on {} failed: {}", channelName, hostPort, error.toString());
              }
            });
  }

  /**
   * A node connection losing its link takes the subscription with it until it is confirmed anew.
   */
  private void watch(StatefulRedisPubSubConnection<byte[], byte[]> node, String hostPort) {
    if (!watched.add(node)) return;
    node.addListener(
        new RedisConnectionStateListener() {
          @Override
          public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            if (hostPort.equals(confirmedOn)) {
              confirmedOn = null;
              if (!closed) {
                events.down(
                    "lost the connection to "
                        + hostPort
                        + ", the Redis Cluster node serving shard channel "
                        + channelName
                        + "; reconnecting (or following a failover)");
              }
            }
          }
        });
  }

  private String masterOfSlot() {
    RedisClusterNode master = client.getPartitions().getMasterBySlot(slot);
    return master == null ? null : hostPort(master.getUri());
  }

  private static String hostPort(RedisURI uri) {
    return uri.getHost() + ":" + uri.getPort();
  }

  @Override
  public void close() {
    closed = true;
    connection.close();
  }

  private final class Listener extends RedisClusterPubSubAdapter<byte[], byte[]> {
    @Override
    public void ssubscribed(RedisClusterNode node, byte[] shardChannel, long count) {
      if (node == null || !Arrays.equals(shardChannel, channel)) return;
      String at = hostPort(node.getUri());
      // a node other than the one asked (a restarted old master) is not where frames are published;
      // and a second confirmation on a connection that never dropped changes nothing
      if (!at.equals(target) || at.equals(confirmedOn)) return;
      confirmedOn = at;
      events.server(at);
      synchronized (delivering) {
        subscriber.subscribed(shardChannel, count);
      }
    }

    @Override
    public void sunsubscribed(RedisClusterNode node, byte[] shardChannel, long count) {
      if (node == null || !Arrays.equals(shardChannel, channel) || closed) return;
      String at = hostPort(node.getUri());
      if (!at.equals(confirmedOn)) return;
      confirmedOn = null;
      target = null; // subscribe again wherever the slot map says, without waiting for a retry
      events.down(
          at
              + " unsubscribed this sidecar from shard channel "
              + channelName
              + " (its slot moved)");
      refreshNanos = System.nanoTime();
      client.refreshPartitionsAsync().whenComplete((ok, error) -> tick());
    }

    @Override
    public void smessage(RedisClusterNode node, byte[] shardChannel, byte[] message) {
      if (!Arrays.equals(shardChannel, channel)) return;
      synchronized (delivering) {
        subscriber.frame(message);
      }
    }
  }
}
