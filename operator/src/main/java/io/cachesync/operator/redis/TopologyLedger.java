package io.cachesync.operator.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyspace ledger of a Sentinel or Cluster setup: one hash, {@value KeyspaceLedger#KEY}, on one
 * writable node, and {@code CONFIG SET} fanned out to every data node, replicas included.
 *
 * <p>Where it lives: on Sentinel, the master (replicas are read-only, and replication carries the
 * ledger to the replica the sentinels promote); on Cluster, the master serving the key's slot (its
 * replica takes the ledger over with the slot). One ledger rather than one record per node, since a
 * replica cannot hold a record of its own. Its fields: one per CacheSync UID holding the flags it
 * needs, as on a standalone server, and one per node, {@value #ADDED_AT}{@code host:port}, holding
 * the flags CacheSync added there, so giving back takes from each node only what CacheSync put
 * there and no registered CacheSync still needs, on every node it was ever added to: after a
 * failover that includes the old master, once it is back.
 *
 * <p>Unlike the standalone ledger, the settings of other nodes cannot join the ledger's MULTI/EXEC,
 * so registering and giving back hold the ledger's {@link LedgerLock} while they fan out. A flag is
 * set before it is recorded: a crash in between leaves it set, never recorded as added by someone
 * who did not add it.
 */
final class TopologyLedger {
  static final String ADDED_AT = "added@";
  static final int ATTEMPTS = 50;

  private TopologyLedger() {}

  /** What every node and the ledger say about {@code uid}, without changing anything. */
  static KeyspaceRegistration observe(
      RedisConnector connector, RedisAccess access, RedisTopology topology, String uid) {
    if (topology.ledger() == null) return noLedger(topology);
    Map<String, String> ledger =
        connector.onData(
            topology.ledger().uri(access.url()), access, c -> c.sync().hgetall(KeyspaceLedger.KEY));
    String needs = ledger.getOrDefault(uid, "");
    List<String> lacking = new ArrayList<>();
    List<String> forbidden = new ArrayList<>();
    for (TopologyNode node : topology.nodes()) {
      NodeSetting seen = NodeSetting.read(connector, access, node);
      if (seen.forbidden() != null) forbidden.add(seen.forbiddenSentence());
      else if (needs.isEmpty() || !seen.missing(needs).isEmpty()) lacking.add(node.describe());
    }
    if (needs.isEmpty() || !lacking.isEmpty()) {
      return new KeyspaceRegistration(
          KeyspaceRegistration.State.UNREGISTERED,
          "",
          needs,
          "",
          needs.isEmpty()
              ? "the ledger on "
                  + topology.ledger().hostPort()
                  + " does not register this CacheSync"
              : String.join(", ", lacking) + " lack '" + needs + "'");
    }
    if (!forbidden.isEmpty()) return forbidden(needs, forbidden, List.of());
    return new KeyspaceRegistration(
        KeyspaceRegistration.State.REGISTERED, "", needs, "", covering(needs, topology));
  }

  /**
   * Adds the flags each node lacks of {@code needs}, then records {@code uid}'s needs and the flags
   * added per node in the ledger.
   */
  static KeyspaceRegistration register(
      RedisConnector connector,
      RedisAccess access,
      RedisTopology topology,
      String uid,
      String needs) {
    if (topology.ledger() == null) return noLedger(topology);
    return LedgerLock.holding(
        connector,
        access,
        topology.ledger(),
        ledger -> fanOut(connector, access, topology, uid, needs, ledger));
  }

  private static KeyspaceRegistration fanOut(
      RedisConnector connector,
      RedisAccess access,
      RedisTopology topology,
      String uid,
      String needs,
      RedisCommands<String, String> ledger) {
    Map<String, String> added = new LinkedHashMap<>();
    List<String> forbidden = new ArrayList<>();
    List<String> silent = new ArrayList<>();
    for (TopologyNode node : topology.nodes()) {
      NodeSetting seen;
      try {
        seen =
            connector.onData(
                node.uri(access.url()), access, c -> add(node, c.sync(), needs, added));
      } catch (RuntimeException e) {
        seen = new NodeSetting(node, null, null, RedisInspector.rootMessage(e));
      }
      if (seen.forbidden() != null) forbidden.add(seen.forbiddenSentence());
      else if (!seen.answered()) silent.add(seen.unreachableSentence());
    }
    boolean recorded = record(ledger, uid, needs, added);
    if (!recorded) {
      return KeyspaceRegistration.failed(
          "the ledger "
              + KeyspaceLedger.KEY
              + " kept changing under "
              + ATTEMPTS
              + " attempts: tried again later");
    }
    if (!forbidden.isEmpty()) return forbidden(needs, forbidden, silent);
    StringBuilder message = new StringBuilder();
    added.forEach(
        (node, flags) ->
            message.append("added '").append(flags).append("' on ").append(node).append("; "));
    message.append(covering(needs, topology));
    if (!silent.isEmpty()) message.append("; not reached: ").append(String.join("; ", silent));
    return new KeyspaceRegistration(
        KeyspaceRegistration.State.REGISTERED, "", needs, "", message.toString());
  }

  /** Adds what {@code node} lacks; a refused CONFIG SET reads as a forbidden CONFIG there. */
  private static NodeSetting add(
      TopologyNode node,
      RedisCommands<String, String> redis,
      String needs,
      Map<String, String> added) {
    NodeSetting seen = NodeSetting.of(node, redis);
    String missing = seen.missing(needs);
    if (seen.forbidden() != null || missing.isEmpty()) return seen;
    try {
      redis.configSet(NodeSetting.SETTING, KeyspaceFlags.merge(seen.setting(), missing));
    } catch (RedisCommandExecutionException e) {
      return new NodeSetting(node, null, RedisInspector.rootMessage(e), null);
    }
    added.put(node.hostPort(), missing);
    return seen;
  }

  /** One MULTI/EXEC under WATCH: {@code uid}'s needs, and the flags added per node. */
  private static boolean record(
      RedisCommands<String, String> redis, String uid, String needs, Map<String, String> added) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      redis.watch(KeyspaceLedger.KEY);
      Map<String, String> ledger = redis.hgetall(KeyspaceLedger.KEY);
      redis.multi();
      redis.hset(KeyspaceLedger.KEY, uid, needs);
      added.forEach(
          (node, flags) -> {
            String had = ledger.getOrDefault(ADDED_AT + node, "");
            String now = KeyspaceFlags.union(had, flags);
            if (!now.equals(had)) redis.hset(KeyspaceLedger.KEY, ADDED_AT + node, now);
          });
      TransactionResult result = redis.exec();
      if (!result.wasDiscarded()) return true;
    }
    return false;
  }

  /** Names each node with its role, so a failover changes what the poll reports. */
  private static String covering(String needs, RedisTopology topology) {
    List<String> at = topology.nodes().stream().map(TopologyNode::describe).toList();
    return "notify-keyspace-events covers '"
        + needs
        + "' on "
        + String.join(", ", at)
        + (topology.down().isEmpty()
            ? ""
            : "; not reached: "
                + String.join("; ", topology.down())
                + " (set again once it answers)");
  }

  private static KeyspaceRegistration forbidden(
      String needs, List<String> forbidden, List<String> silent) {
    // needs stays set: the ledger holds the registration, and the other nodes have the flags
    return new KeyspaceRegistration(
        KeyspaceRegistration.State.CONFIG_FORBIDDEN,
        "",
        needs,
        "",
        String.join("; ", forbidden)
            + ": set notify-keyspace-events to include '"
            + needs
            + "' there yourself; the operator set it on every other node"
            + (silent.isEmpty() ? "" : "; not reached: " + String.join("; ", silent)));
  }

  static KeyspaceRegistration noLedger(RedisTopology topology) {
    return KeyspaceRegistration.failed(
        "no serving master of "
            + topology.source()
            + " holds the keyspace ledger "
            + KeyspaceLedger.KEY
            + ": tried again later");
  }
}
