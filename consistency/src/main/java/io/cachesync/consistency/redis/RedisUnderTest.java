package io.cachesync.consistency.redis;

import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisServer;

/**
 * The Redis a run's sidecars share, on whichever {@link Topology}: what the sidecars' config names,
 * which node holds a key or channel now (for the outside writer, the write-behind drain and the
 * faults that poke Redis), and the faults of the topology itself.
 */
public interface RedisUnderTest extends AutoCloseable {

  /** Starts it; {@code keyspaceEvents}: every node sends {@code set} and {@code del} events. */
  static RedisUnderTest start(Topology topology, boolean keyspaceEvents) {
    return switch (topology) {
      case STANDALONE -> StandaloneRedis.start(keyspaceEvents);
      case SENTINEL -> SentinelRedis.start(keyspaceEvents);
      case CLUSTER -> ClusterRedis.start(keyspaceEvents);
    };
  }

  Topology topology();

  /**
   * The sidecars' {@code redis.url}: the server, the sentinels, or one seed node of the cluster.
   */
  String url();

  /** One line for the run's header: the processes and what runs them. */
  String describe();

  /** The master that serves {@code keyOrChannel} now (the only node, on one server). */
  RedisAddress nodeFor(String keyOrChannel);

  /**
   * SIGKILL of the master that serves {@code keyOrChannel}, as a crash would; nothing restarts it.
   *
   * @return the node killed, for the report
   * @throws IllegalStateException on a topology without a replica to promote
   */
  String killMasterOf(String keyOrChannel);

  /** Returns once a replica serves in the killed master's place; the node promoted. */
  String awaitFailover();

  /**
   * The one server, for the {@code redis-restart} fault.
   *
   * @throws IllegalStateException on a topology of several servers
   */
  RedisServer server();

  /** The sidecars' bus on a cluster is sharded Pub/Sub ({@code SPUBLISH}, {@code SSUBSCRIBE}). */
  default boolean sharded() {
    return topology() == Topology.CLUSTER;
  }

  /** Publishes {@code message} on {@code channel} the way the sidecars' bus does. */
  default void publish(String channel, String message) {
    nodeFor(channel).command(sharded() ? "SPUBLISH" : "PUBLISH", channel, message);
  }

  /** The subscribers of {@code channel} on the node that serves it. */
  default int subscribers(String channel) {
    String n = nodeFor(channel).command("PUBSUB", sharded() ? "SHARDNUMSUB" : "NUMSUB", channel);
    // "[channel, N]"
    return Integer.parseInt(n.substring(n.lastIndexOf(' ') + 1, n.length() - 1));
  }

  /** Stops every process it started; idempotent. */
  @Override
  void close();
}
