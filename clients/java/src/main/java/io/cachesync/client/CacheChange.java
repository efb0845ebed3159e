package io.cachesync.client;

import java.util.List;

/**
 * One change the sidecar reported on its Watch stream.
 *
 * @param cache the cache's name
 * @param keys the sidecar's keys; empty for {@link Kind#CLEARED}
 * @param kind what happened
 * @param origin the sidecar the change came from, or {@code redis-keyspace}
 */
public record CacheChange(String cache, List<String> keys, Kind kind, String origin) {
  public CacheChange {
    keys = List.copyOf(keys);
  }

  public enum Kind {
    INVALIDATED,
    EXPIRED,
    DELETED,
    UPDATED,
    /** Every key of the cache was dropped. */
    CLEARED,
    /**
     * A kind this client does not know: treat the keys (or, without keys, the cache) as changed.
     */
    OTHER
  }
}
