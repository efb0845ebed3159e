package io.cachesync.operator.redis;

import java.util.List;

/**
 * The data nodes the operator visits for a Sentinel or Cluster setup: every master and replica that
 * its source (the sentinels, or {@code CLUSTER NODES} from the seed) says is up, those it says are
 * down (each a sentence naming the node, so status can report them), and the node the keyspace
 * ledger lives on ({@link TopologyLedger}).
 *
 * @param ledger the node the ledger hash lives on; null when no serving master holds its slot
 */
public record RedisTopology(
    String source, List<TopologyNode> nodes, List<String> down, TopologyNode ledger) {

  public RedisTopology {
    nodes = List.copyOf(nodes);
    down = List.copyOf(down);
  }

  public List<TopologyNode> masters() {
    return nodes.stream().filter(TopologyNode::master).toList();
  }

  /** Whether {@code hostPort} is a node the source knows of, up or down. */
  boolean knows(String hostPort) {
    return nodes.stream().anyMatch(n -> n.hostPort().equals(hostPort))
        || down.stream().anyMatch(d -> d.startsWith(hostPort + " "));
  }
}
