package io.cachesync.operator.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * <p>Unlike the standalone ledger, the settings of other nodes cannot join the ledger's MULTI/EXEC.
 * A flag is set before it is recorded (a crash in between leaves it set, never recorded as added by
 * someone who did not add it), and a registration racing a withdrawal of the same flag on another
 * operator can lose it until the keyspace dependent's next poll puts it back (the poll compares
 * every node with the ledger).
 */
final class TopologyLedger {
  static final String ADDED_AT = "added@";
  private static final int ATTEMPTS = 50;

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
    boolean recorded =
        connector.onData(
            topology.ledger().uri(access.url()), access, c -> record(c.sync(), uid, needs, added));
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

  /**
   * Drops {@code uid}'s registration and, on every node the ledger says CacheSync added flags to,
   * takes back those no other registered CacheSync needs. The ledger changes only once every such
   * node was reached, so a withdrawal that could not finish is tried again whole; a node the
   * topology no longer knows of at all (a replaced pod) counts as gone.
   */
  static FlagsWithdrawal release(
      RedisConnector connector, RedisAccess access, RedisTopology topology, String uid) {
    if (topology.ledger() == null) {
      return new FlagsWithdrawal(false, "", noLedger(topology).message());
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Map<String, String> ledger =
          connector.onData(
              topology.ledger().uri(access.url()),
              access,
              c -> c.sync().hgetall(KeyspaceLedger.KEY));
      StringBuilder others = new StringBuilder();
      ledger.forEach(
          (field, flags) -> {
            if (!field.equals(uid)
                && !field.startsWith(ADDED_AT)
                && !field.equals(KeyspaceLedger.ADDED)) {
              others.append(flags);
            }
          });
      Map<String, String> keep = new LinkedHashMap<>();
      Set<String> removed = new LinkedHashSet<>();
      List<String> done = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      for (Map.Entry<String, String> field : ledger.entrySet()) {
        if (!field.getKey().startsWith(ADDED_AT)) continue;
        String node = field.getKey().substring(ADDED_AT.length());
        String withdraw = KeyspaceFlags.without(field.getValue(), others.toString());
        keep.put(field.getKey(), KeyspaceFlags.without(field.getValue(), withdraw));
        if (withdraw.isEmpty()) continue;
        RedisEndpoint at = RedisEndpoint.parse(node);
        TopologyNode target = new TopologyNode(at, TopologyNode.Role.REPLICA);
        try {
          String took =
              connector.onData(target.uri(access.url()), access, c -> withdraw(c.sync(), withdraw));
          for (char f : took.toCharArray()) removed.add(String.valueOf(f));
          done.add(
              took.isEmpty()
                  ? node + " no longer had '" + withdraw + "'"
                  : "removed '" + took + "' on " + node);
        } catch (RuntimeException e) {
          if (topology.knows(node)) {
            failed.add(node + " (" + RedisInspector.rootMessage(e) + ")");
          } else {
            done.add(node + " is gone from " + topology.source() + ": skipped");
          }
        }
      }
      if (!failed.isEmpty()) {
        return new FlagsWithdrawal(
            false,
            String.join("", removed),
            "could not take back keyspace flags on "
                + String.join(", ", failed)
                + (done.isEmpty() ? "" : "; " + String.join("; ", done)));
      }
      boolean written =
          connector.onData(
              topology.ledger().uri(access.url()),
              access,
              c -> forget(c.sync(), ledger, uid, keep));
      if (!written) continue; // the ledger changed meanwhile: plan again
      String message =
          done.isEmpty()
              ? "notify-keyspace-events stays on every node: "
                  + (keep.isEmpty()
                      ? "CacheSync added nothing to it"
                      : "other CacheSyncs still need what CacheSync added")
              : String.join("; ", done);
      return new FlagsWithdrawal(true, String.join("", removed), message);
    }
    return new FlagsWithdrawal(
        false,
        "",
        "the ledger " + KeyspaceLedger.KEY + " kept changing under " + ATTEMPTS + " attempts");
  }

  /** Takes {@code flags} out of this node's setting; returns those it had. */
  private static String withdraw(RedisCommands<String, String> redis, String flags) {
    String setting = redis.configGet(NodeSetting.SETTING).getOrDefault(NodeSetting.SETTING, "");
    String expanded = KeyspaceFlags.expand(setting);
    String had = KeyspaceFlags.common(flags, expanded);
    if (!had.isEmpty()) {
      redis.configSet(NodeSetting.SETTING, KeyspaceFlags.without(expanded, flags));
    }
    return had;
  }

  /** Writes the ledger after a withdrawal, unless it changed since {@code seen} was read. */
  private static boolean forget(
      RedisCommands<String, String> redis,
      Map<String, String> seen,
      String uid,
      Map<String, String> keep) {
    redis.watch(KeyspaceLedger.KEY);
    if (!redis.hgetall(KeyspaceLedger.KEY).equals(seen)) {
      redis.unwatch();
      return false;
    }
    redis.multi();
    redis.hdel(KeyspaceLedger.KEY, uid);
    keep.forEach(
        (field, flags) -> {
          if (flags.isEmpty()) redis.hdel(KeyspaceLedger.KEY, field);
          else if (!flags.equals(seen.get(field))) redis.hset(KeyspaceLedger.KEY, field, flags);
        });
    return !redis.exec().wasDiscarded();
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

  private static KeyspaceRegistration noLedger(RedisTopology topology) {
    return KeyspaceRegistration.failed(
        "no serving master of "
            + topology.source()
            + " holds the keyspace ledger "
            + KeyspaceLedger.KEY
            + ": tried again later");
  }
}
