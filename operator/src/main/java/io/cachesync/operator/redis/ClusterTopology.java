package io.cachesync.operator.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Redis Cluster's data nodes, as {@code CLUSTER NODES} on the seed node lists them: every master
 * and every replica. Nodes flagged {@code fail}, {@code fail?}, {@code handshake} or {@code noaddr}
 * are reported, not visited. The keyspace ledger lives on the master serving its key's slot.
 */
final class ClusterTopology {
  private static final Set<NodeFlag> DOWN =
      Set.of(NodeFlag.FAIL, NodeFlag.EVENTUAL_FAIL, NodeFlag.HANDSHAKE, NodeFlag.NOADDR);

  private ClusterTopology() {}

  static RedisTopology discover(RedisConnector connector, RedisAccess access) {
    RedisURI seed = RedisURI.create(access.url());
    String reply;
    try {
      reply = connector.onData(seed, access, c -> c.sync().clusterNodes());
    } catch (RuntimeException e) {
      throw new TopologyUnknown(
          "the seed node "
              + access.url()
              + " did not list the cluster's nodes ("
              + RedisInspector.rootMessage(e)
              + TlsHints.of(e)
              + ")");
    }
    int ledgerSlot = SlotHash.getSlot(KeyspaceLedger.KEY);
    List<TopologyNode> nodes = new ArrayList<>();
    List<String> down = new ArrayList<>();
    TopologyNode ledger = null;
    for (RedisClusterNode n : ClusterPartitionParser.parse(reply)) {
      String host = n.getUri() == null ? null : n.getUri().getHost();
      // a node that met no other yet lists itself without an address
      if (host == null || host.isEmpty()) host = seed.getHost();
      boolean master = n.is(NodeFlag.UPSTREAM) || n.is(NodeFlag.MASTER);
      TopologyNode node =
          new TopologyNode(
              new RedisEndpoint(host, n.getUri().getPort()),
              master ? TopologyNode.Role.MASTER : TopologyNode.Role.REPLICA);
      Set<NodeFlag> flags = n.getFlags();
      if (flags.stream().anyMatch(DOWN::contains)) {
        down.add(node.describe() + " is down to the cluster (flags " + flags + ")");
        continue;
      }
      nodes.add(node);
      if (master && n.hasSlot(ledgerSlot)) ledger = node;
    }
    return new RedisTopology(
        "the cluster seen from " + seed.getHost() + ":" + seed.getPort(), nodes, down, ledger);
  }
}
