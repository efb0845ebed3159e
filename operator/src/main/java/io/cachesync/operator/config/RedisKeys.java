package io.cachesync.operator.config;

import io.cachesync.operator.model.CacheSpec;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.RedisMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a CacheSync's sidecars use in Redis, as the sidecar settles it: the sync channel, the L2
 * prefix of each cache that keeps an L2, and the write-behind stream of each WriteBehind cache. The
 * rendered config states the channel and the prefixes, so what a pod uses shows in its ConfigMap.
 *
 * @param l2Prefixes cache name to L2 prefix, in spec order, for the caches with L2 on
 * @param streams cache name to write-behind stream key, for the WriteBehind caches; on a Redis
 *     Cluster, the stream and default prefix of a WriteBehind cache carry its hash tag
 */
public record RedisKeys(
    String channel, Map<String, String> l2Prefixes, Map<String, String> streams) {

  public RedisKeys {
    l2Prefixes = Collections.unmodifiableMap(new LinkedHashMap<>(l2Prefixes));
    streams = Collections.unmodifiableMap(new LinkedHashMap<>(streams));
  }

  public static RedisKeys of(CacheSync cs) {
    String channel = channelOf(cs);
    boolean cluster = cs.getSpec().getRedis().getMode() == RedisMode.Cluster;
    Map<String, String> prefixes = new LinkedHashMap<>();
    Map<String, String> streams = new LinkedHashMap<>();
    for (CacheSpec c : cs.getSpec().getCaches()) {
      boolean tagged = cluster && c.getStrategy() == CacheStrategy.WriteBehind;
      String name = tagged ? hashTag(c.getName()) : c.getName();
      if (l2Enabled(c)) {
        String given = c.getL2() == null ? null : c.getL2().getPrefix();
        prefixes.put(c.getName(), given != null ? given : defaultPrefix(channel, name));
      }
      if (c.getStrategy() == CacheStrategy.WriteBehind) {
        streams.put(c.getName(), channel + ":wb:" + name);
      }
    }
    return new RedisKeys(channel, prefixes, streams);
  }

  /**
   * On a Redis Cluster a WriteBehind cache's stream, its pending marks and its L2 keys change in
   * one script, so they share the hash tag {@code {<cache>}} (the sidecar's {@code
   * WriteBehindKeys}; a test holds them equal): the cache sits on one slot.
   */
  public static String hashTag(String cache) {
    return "{" + cache + "}";
  }

  /**
   * What Redis Cluster hashes of keys that start with {@code prefix}: the text between its first
   * '{' and the next '}', or null when the prefix leaves it to the rest of each key.
   */
  public static String hashedPart(String prefix) {
    int open = prefix.indexOf('{');
    int close = open < 0 ? -1 : prefix.indexOf('}', open + 1);
    return close <= open + 1 ? null : prefix.substring(open + 1, close);
  }

  /** The channel: the spec's, else one per CacheSync, {@code cachesync.<namespace>.<name>}. */
  public static String channelOf(CacheSync cs) {
    var sync = cs.getSpec().getSync();
    if (sync != null && sync.getChannel() != null) return sync.getChannel();
    return "cachesync." + cs.getMetadata().getNamespace() + "." + cs.getMetadata().getName();
  }

  /** The sidecar's default ({@code L2Config.defaultPrefix}; a test holds them equal). */
  public static String defaultPrefix(String channel, String cache) {
    return channel + ":l2:" + cache + ":";
  }

  /**
   * As the sidecar reads it: WriteBehind always keeps an L2; otherwise an {@code l2} mapping turns
   * it on unless it says {@code enabled: false}.
   */
  public static boolean l2Enabled(CacheSpec c) {
    if (c.getStrategy() == CacheStrategy.WriteBehind) return true;
    return c.getL2() != null && !Boolean.FALSE.equals(c.getL2().getEnabled());
  }
}
