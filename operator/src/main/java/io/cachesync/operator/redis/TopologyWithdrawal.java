package io.cachesync.operator.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Giving back a CacheSync's keyspace flags on a Sentinel or Cluster setup: the {@link
 * TopologyLedger}'s per-node records say where CacheSync added which flags, so each node loses only
 * what CacheSync put there and no registered CacheSync still needs.
 */
final class TopologyWithdrawal {
  private static final int ATTEMPTS = TopologyLedger.ATTEMPTS;
  private static final String ADDED_AT = TopologyLedger.ADDED_AT;

  private TopologyWithdrawal() {}

  /**
   * Drops {@code uid}'s registration and, on every node the ledger says CacheSync added flags to,
   * takes back those no other registered CacheSync needs. The ledger changes only once every such
   * node was reached, so a withdrawal that could not finish is tried again whole; a node the
   * topology no longer knows of at all (a replaced pod) counts as gone.
   */
  static FlagsWithdrawal release(
      RedisConnector connector, RedisAccess access, RedisTopology topology, String uid) {
    if (topology.ledger() == null) {
      return new FlagsWithdrawal(false, "", TopologyLedger.noLedger(topology).message());
    }
    return LedgerLock.holding(
        connector,
        access,
        topology.ledger(),
        ledger -> giveBack(connector, access, topology, uid, ledger));
  }

  private static FlagsWithdrawal giveBack(
      RedisConnector connector,
      RedisAccess access,
      RedisTopology topology,
      String uid,
      RedisCommands<String, String> redis) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Map<String, String> ledger = redis.hgetall(KeyspaceLedger.KEY);
      StringBuilder others = new StringBuilder();
      ledger.forEach(
          (field, flags) -> {
            if (!field.equals(uid)
                && !field.startsWith(ADDED_AT)
                && !field.equals(KeyspaceLedger.ADDED)
                && !field.equals(LedgerLock.FIELD)) {
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
      boolean written = forget(redis, ledger, uid, keep);
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
}
