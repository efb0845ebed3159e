package io.cachesync.sidecar.keyspace;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyspace notifications on a Redis Cluster are node-local: each master tells only of its own keys.
 * So the keyevent channels are subscribed on every master of the client's slot map, each through
 * its own node connection, and {@link #tick} keeps it so: a master that appears (a promoted
 * replica, a node that took slots) is subscribed; while a subscribed node is unreachable the slot
 * map is refreshed (at most once a second), so its successor is found soon after the cluster agrees
 * on it. Lettuce re-subscribes a node connection that reconnects to the same node by itself; the
 * confirmation tells {@link Events#confirmed} either way.
 */
final class MasterSubscriptions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MasterSubscriptions.class);
  private static final long RETRY_NANOS = 1_000_000_000L;

  interface Events {
    /** {@code node} (host:port) confirmed every channel, for the first time or again. */
    void confirmed(String node);

    /** {@code node} dropped its connection: events it sends are missed until it is confirmed. */
    void lost(String node);
  }

  private final RedisClusterClient client;
  private final StatefulRedisClusterPubSubConnection<String, String> connection;
  private final List<String> channels;
  private final RedisPubSubListener<String, String> dispatcher;
  private final Events events;
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> attempts = new ConcurrentHashMap<>();
  private final Set<StatefulRedisPubSubConnection<String, String>> watched =
      ConcurrentHashMap.newKeySet();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();
  private volatile long refreshNanos;
  private volatile boolean closed;

  /**
   * @param dispatcher gets every node's messages, one at a time (node connections have I/O threads
   *     of their own, the dispatcher expects one)
   */
  MasterSubscriptions(
      RedisClusterClient client,
      StatefulRedisClusterPubSubConnection<String, String> connection,
      List<String> channels,
      RedisPubSubListener<String, String> dispatcher,
      Events events) {
    this.client = client;
    this.connection = connection;
    this.channels = List.copyOf(channels);
    this.dispatcher = dispatcher;
    this.events = events;
  }

  /**
   * The masters of the slots in the client's slot map now, as host:port. A master that died keeps
   * its slots here until the cluster marks it failed; then the client's node filter drops it, and
   * its slots have no master until a replica's promotion is read ({@link #tick} asks for it).
   */
  List<String> masters() {
    Partitions map = client.getPartitions();
    Set<String> masters = new TreeSet<>();
    RedisClusterNode seen = null;
    for (int slot = 0; slot < SlotHash.SLOT_COUNT; slot++) {
      RedisClusterNode master = map.getMasterBySlot(slot);
      if (master == null || master == seen) continue;
      seen = master;
      masters.add(master.getUri().getHost() + ":" + master.getUri().getPort());
    }
    return List.copyOf(masters);
  }

  /** Whether some slot has no master in the client's slot map. */
  private boolean uncovered() {
    Partitions map = client.getPartitions();
    for (int slot = 0; slot < SlotHash.SLOT_COUNT; slot++) {
      if (map.getMasterBySlot(slot) == null) return true;
    }
    return false;
  }

  /** Whether every slot has a master, each confirmed every channel and is still connected. */
  boolean complete() {
    Partitions map = client.getPartitions();
    RedisClusterNode checked = null; // slots come in long runs of one master: check it once a run
    for (int slot = 0; slot < SlotHash.SLOT_COUNT; slot++) {
      RedisClusterNode master = map.getMasterBySlot(slot);
      if (master == checked && master != null) continue;
      if (master == null
          || !confirmed.contains(master.getUri().getHost() + ":" + master.getUri().getPort())) {
        return false;
      }
      checked = master;
    }
    return true;
  }

  /** Subscribes where a master lacks it; never blocks. Called every second. */
  void tick() {
    if (closed) return;
    long now = System.nanoTime();
    List<String> masters = masters();
    lost.retainAll(masters); // replaced in the slot map: its successor is subscribed below
    if ((!lost.isEmpty() || uncovered()) && now - refreshNanos > RETRY_NANOS) {
      // a master is away and still in the map, or failed and left it (the client's node filter)
      // before a replica took its slots: ask again until the successor is in the map
      refreshNanos = now;
      client.refreshPartitionsAsync();
    }
    for (String master : masters) {
      if (confirmed.contains(master)) continue;
      Long last = attempts.get(master);
      if (last != null && now - last < RETRY_NANOS) continue;
      attempts.put(master, now);
      subscribeOn(master);
    }
  }

  private void subscribeOn(String node) {
    int colon = node.lastIndexOf(':');
    connection
        .getConnectionAsync(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)))
        .thenCompose(
            c -> {
              watch(c, node);
              return c.async().subscribe(channels.toArray(String[]::new));
            })
        .whenComplete(
            (ok, error) -> {
              if (error != null && !closed) {
                log.debug("SUBSCRIBE to keyspace events on {} failed: {}", node, error.toString());
              }
            });
  }

  private void watch(StatefulRedisPubSubConnection<String, String> c, String node) {
    if (!watched.add(c)) return;
    c.addListener(
        new RedisPubSubAdapter<String, String>() {
          @Override
          public void subscribed(String channel, long count) {
            // Redis counts the channels 1..n per SUBSCRIBE: the last one confirms them all
            if (count == channels.size() && channels.contains(channel) && !closed) {
              confirmed.add(node);
              lost.remove(node);
              events.confirmed(node);
            }
          }

          @Override
          public void message(String channel, String key) {
            synchronized (dispatcher) {
              dispatcher.message(channel, key);
            }
          }
        });
    c.addListener(
        new RedisConnectionStateListener() {
          @Override
          public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            if (confirmed.remove(node) && !closed) {
              lost.add(node);
              events.lost(node);
            }
          }
        });
  }

  @Override
  public void close() {
    closed = true;
    connection.close();
  }
}
