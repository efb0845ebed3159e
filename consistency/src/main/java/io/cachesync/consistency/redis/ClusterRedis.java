package io.cachesync.consistency.redis;

import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.NodesService;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import io.cachesync.testsupport.RedisServer;

/**
 * 3 masters + 3 replicas (test-support's {@link RedisCluster}); the sidecars' seed is a {@link
 * NodesService} over every node, as a Kubernetes Service over a cluster's pods would be, so a
 * sidecar restarted after the failover killed a master still finds the cluster; they discover the
 * rest. Keys and shard channels are sent to the master of their slot. The killed master is not
 * started again, so its shard runs on without a replica: at most one failover of the sync channel's
 * shard per run.
 */
final class ClusterRedis implements RedisUnderTest {
  private final RedisCluster cluster;
  private final NodesService service;

  private ClusterRedis(RedisCluster cluster, NodesService service) {
    this.cluster = cluster;
    this.service = service;
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
    return new ClusterRedis(
        c, NodesService.over(c.nodes().stream().map(ClusterNode::address).toList()));
  }

  @Override
  public Topology topology() {
    return Topology.CLUSTER;
  }

  @Override
  public String url() {
    return service.address().uri();
  }

  @Override
  public String describe() {
    return "Redis Cluster, seed "
        + service.address()
        + " (a service over every node)"
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
    service.close();
    cluster.close();
  }
}
