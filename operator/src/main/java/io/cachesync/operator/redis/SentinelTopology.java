package io.cachesync.operator.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Sentinel setup's data nodes, as the first sentinel that knows the master names them: {@code
 * SENTINEL GET-MASTER-ADDR-BY-NAME} for the master, {@code SENTINEL REPLICAS} for the replicas.
 * Replicas the sentinel flags down ({@code s_down}, {@code o_down}, {@code disconnected}) are
 * reported, not visited, among them an old master after a failover until it is back. The sentinels
 * are asked without a password unless the URL carries one: the CacheSync's credentials are the data
 * nodes'.
 */
final class SentinelTopology {
  private static final Set<String> DOWN = Set.of("s_down", "o_down", "disconnected");

  private SentinelTopology() {}

  static RedisTopology discover(RedisConnector connector, RedisAccess access) {
    RedisURI uri = RedisURI.create(access.url());
    String name = uri.getSentinelMasterId();
    List<String> answers = new ArrayList<>();
    for (RedisURI sentinel : uri.getSentinels()) {
      String at = sentinel.getHost() + ":" + sentinel.getPort();
      try (RedisConnector.Visit<StatefulRedisSentinelConnection<String, String>> v =
          connector.sentinel(sentinel, access.trust())) {
        RedisSentinelCommands<String, String> s = v.connection().sync();
        SocketAddress master = s.getMasterAddrByName(name);
        if (!(master instanceof InetSocketAddress address)) {
          answers.add("sentinel " + at + " knows no master named '" + name + "'");
          continue;
        }
        return topology(at, name, address, s.replicas(name));
      } catch (RuntimeException e) {
        answers.add(
            "sentinel "
                + at
                + " did not answer ("
                + RedisInspector.rootMessage(e)
                + TlsHints.of(e)
                + ")");
      }
    }
    throw new TopologyUnknown(
        "no sentinel of "
            + access.url()
            + " names the master '"
            + name
            + "': "
            + String.join("; ", answers));
  }

  private static RedisTopology topology(
      String sentinel, String name, InetSocketAddress master, List<Map<String, String>> replicas) {
    TopologyNode head =
        new TopologyNode(
            new RedisEndpoint(master.getHostString(), master.getPort()), TopologyNode.Role.MASTER);
    List<TopologyNode> nodes = new ArrayList<>(List.of(head));
    List<String> down = new ArrayList<>();
    for (Map<String, String> r : replicas) {
      RedisEndpoint at = new RedisEndpoint(r.get("ip"), Integer.parseInt(r.get("port")));
      String flags = r.getOrDefault("flags", "");
      boolean isDown = Set.of(flags.split(",")).stream().anyMatch(DOWN::contains);
      TopologyNode node = new TopologyNode(at, TopologyNode.Role.REPLICA);
      if (isDown) {
        down.add(node.describe() + " is down to the sentinels (" + flags + ")");
      } else {
        nodes.add(node);
      }
    }
    return new RedisTopology(
        "the sentinels' master '" + name + "' (asked " + sentinel + ")", nodes, down, head);
  }
}
