package io.cachesync.consistency.redis;

import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import io.cachesync.testsupport.RedisServer;

/**
 * 3 masters + 3 replicas (test-support's {@link RedisCluster}); the sidecars get one seed node and
 * discover the rest. Keys and shard channels are sent to the master of their slot. The killed
 * master is not started again, so its shard runs on without a replica: at most one failover of the
 * sync channel's shard per run.
 */
final class ClusterRedis implements RedisUnderTest {
  private final RedisCluster cluster;

  private ClusterRedis(RedisCluster cluster) {
    this.cluster = cluster;
  }

  static ClusterRedis start(boolean keyspaceEvents) {
    RedisCluster c = RedisCluster.start();
    try {
      // keyspace events are node-local: every node, replicas included (one may be promoted)
      if (keyspaceEvents) {
        for (ClusterNode node : c.nodes()) {
          Nodes.configSet(node.address(), "notify-keyspace-events", "EA");
        }
      }
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return new ClusterRedis(c);
  }

  @Override
  public Topology topology() {
    return Topology.CLUSTER;
  }

  @Override
  public String url() {
    return cluster.seed().uri();
  }

  @Override
  public String describe() {
    return "Redis Cluster, seed "
        + cluster.seed()
        + ", masters "
        + cluster.masters().stream().map(ClusterNode::address).toList();
  }

  @Override
  public RedisAddress nodeFor(String keyOrChannel) {
    return cluster.masterFor(keyOrChannel);
  }

  @Override
  public String killMasterOf(String keyOrChannel) {
    ClusterNode killed = cluster.killMaster(cluster.masterFor(keyOrChannel));
    return "master " + killed.address() + " (slot " + cluster.slotOf(keyOrChannel) + ")";
  }

  @Override
  public String awaitFailover() {
    return cluster.awaitFailover().toString();
  }

  @Override
  public RedisServer server() {
    throw new IllegalStateException("a cluster runs six nodes, not one server");
  }

  @Override
  public void close() {
    cluster.close();
  }
}
