package io.cachesync.sidecar.config;

import java.util.List;

/**
 * No cache's Redis keys lie under another cache's L2 prefix. Clearing a cache (InvalidateAll, or a
 * rebuild) deletes every key under its prefix, so a prefix that equals, contains or is contained in
 * another's would delete that cache's values, and one that covers a write-behind stream would
 * delete writes not yet stored.
 */
final class L2Isolation {
  private L2Isolation() {}

  /**
   * The write-behind stream's key; the same as {@code WriteBehindStream.keyFor} (a test pins it).
   */
  static String streamKey(String channel, String cache) {
    return WriteBehindKeys.streamKey(channel, cache, RedisMode.Standalone);
  }

  /**
   * @param caches with their prefixes settled
   */
  static void check(List<CacheConfig> caches, String channel, RedisMode mode) {
    for (int i = 0; i < caches.size(); i++) {
      CacheConfig c = caches.get(i);
      if (!c.l2().enabled()) continue;
      String prefix = c.l2().prefix();
      for (int j = 0; j < i; j++) {
        CacheConfig other = caches.get(j);
        if (!other.l2().enabled()) continue;
        String theirs = other.l2().prefix();
        if (prefix.startsWith(theirs) || theirs.startsWith(prefix)) {
          throw new ConfigException(
              "caches["
                  + i
                  + "].l2.prefix: '"
                  + prefix
                  + "' "
                  + (prefix.equals(theirs) ? "is also" : "nests with")
                  + " the prefix '"
                  + theirs
                  + "' of cache "
                  + other.name()
                  + "; clearing one would delete the other's values, so give each cache a prefix"
                  + " that does not begin with another's");
        }
      }
      for (CacheConfig wb : caches) {
        if (wb.strategy() != Strategy.WriteBehind) continue;
        String stream = WriteBehindKeys.streamKey(channel, wb.name(), mode);
        if (stream.startsWith(prefix)) {
          throw new ConfigException(
              "caches["
                  + i
                  + "].l2.prefix: '"
                  + prefix
                  + "' covers the write-behind stream '"
                  + stream
                  + "' of cache "
                  + wb.name()
                  + "; clearing the cache would delete writes not yet stored, so choose a prefix"
                  + " that does not begin the sync channel's keys");
        }
      }
    }
  }
}
