package io.cachesync.operator.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * One node's {@code notify-keyspace-events} as one visit found it: the setting, or why CONFIG was
 * refused there ({@code forbidden}, as on managed Redis with {@code rename-command CONFIG ""}), or
 * why the node did not answer ({@code unreachable}). Exactly one of the three is not null.
 */
record NodeSetting(TopologyNode node, String setting, String forbidden, String unreachable) {
  static final String SETTING = "notify-keyspace-events";

  /** Logs in to {@code node} as the CacheSync's sidecars would, and reads the setting. */
  static NodeSetting read(RedisConnector connector, RedisAccess access, TopologyNode node) {
    try {
      return connector.onData(node.uri(access.url()), access, c -> of(node, c.sync()));
    } catch (RuntimeException e) {
      return new NodeSetting(
          node, null, null, RedisInspector.rootMessage(e) + TlsHints.ofAnnounced(e));
    }
  }

  static NodeSetting of(TopologyNode node, RedisCommands<String, String> redis) {
    redis.ping();
    try {
      return new NodeSetting(node, redis.configGet(SETTING).getOrDefault(SETTING, ""), null, null);
    } catch (RedisCommandExecutionException e) {
      return new NodeSetting(node, null, RedisInspector.rootMessage(e), null);
    }
  }

  boolean answered() {
    return unreachable == null;
  }

  /** The flags of {@code needs} this node lacks; "" when it has them or could not be read. */
  String missing(String needs) {
    return setting == null ? "" : KeyspaceFlags.missing(needs, setting);
  }

  /** {@code 10.0.0.7:6379 (replica) does not allow CONFIG (ERR unknown command 'CONFIG'...)}. */
  String forbiddenSentence() {
    return node.describe() + " does not allow CONFIG (" + forbidden + ")";
  }

  String unreachableSentence() {
    return node.describe() + " did not answer (" + unreachable + ")";
  }
}
