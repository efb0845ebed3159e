package io.cachesync.sidecar.config;

import java.util.List;

/**
 * Where a WriteBehind cache's Redis keys live, per {@code redis.mode}. Its append and read scripts
 * touch the stream, the stream's pending marks and the key's L2 copy in one step, and a Redis
 * Cluster runs a script only when all its keys hash to one slot. So on a cluster the stream is
 * {@code <channel>:wb:{<cache>}} and the default L2 prefix {@code <channel>:l2:{<cache>}:}: the
 * hash tag {@code {<cache>}} puts the whole cache, stream and L2, on one slot, hence one shard.
 * Other caches keep untagged keys, which spread over every shard. Standalone and Sentinel keep the
 * names they always had ({@code <channel>:wb:<cache>}), so streams with unflushed writes are still
 * found after an upgrade.
 */
public final class WriteBehindKeys {
  private WriteBehindKeys() {}

  /** The write-behind stream of {@code cache} on the sync {@code channel}. */
  public static String streamKey(String channel, String cache, RedisMode mode) {
    return channel + ":wb:" + (mode == RedisMode.Cluster ? tagged(cache) : cache);
  }

  /** The default L2 prefix of a WriteBehind cache on a cluster, with the stream's hash tag. */
  static String clusterPrefix(String channel, String cache) {
    return channel + ":l2:" + tagged(cache) + ":";
  }

  private static String tagged(String cache) {
    return "{" + cache + "}";
  }

  /**
   * What Redis Cluster hashes of {@code key}: the text between its first '{' and the first '}'
   * after it when that is not empty, else the whole key. Null when {@code key} could be the start
   * of a longer key whose tag it does not settle (an open '{', or "{}" followed by more): as a
   * prefix, it would leave each key's slot to the key.
   */
  static String hashedPart(String key, boolean isPrefix) {
    int open = key.indexOf('{');
    if (open < 0) return isPrefix ? null : key;
    int close = key.indexOf('}', open + 1);
    if (close < 0) return isPrefix ? null : key;
    if (close == open + 1) return isPrefix ? null : key;
    return key.substring(open + 1, close);
  }

  /**
   * On a cluster, every WriteBehind cache's L2 prefix must fix the slot of its keys to its
   * stream's: an explicit prefix without the stream's hash tag is refused, naming the key and what
   * to write.
   */
  static void check(List<CacheConfig> caches, String channel, RedisMode mode) {
    if (mode != RedisMode.Cluster) return;
    for (int i = 0; i < caches.size(); i++) {
      CacheConfig c = caches.get(i);
      if (c.strategy() != Strategy.WriteBehind) continue;
      String prefix = c.l2().prefix();
      String stream = streamKey(channel, c.name(), mode);
      String streamTag = hashedPart(stream, false);
      if (streamTag.equals(hashedPart(prefix, true))) continue;
      throw new ConfigException(
          "caches["
              + i
              + "].l2.prefix: '"
              + prefix
              + "' does not carry the hash tag '{"
              + streamTag
              + "}' of the write-behind stream '"
              + stream
              + "'; on a Redis Cluster (redis.mode: Cluster) a WriteBehind cache's stream and L2"
              + " keys are written by one script and must share a slot, so write a prefix whose"
              + " first {...} is {"
              + streamTag
              + "}, e.g. 'myapp:{"
              + streamTag
              + "}:', or drop l2.prefix for the default '"
              + clusterPrefix(channel, c.name())
              + "' (the cache's L2 then sits on one shard)");
    }
  }
}
