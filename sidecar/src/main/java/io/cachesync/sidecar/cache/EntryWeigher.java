package io.cachesync.sidecar.cache;

import com.github.benmanes.caffeine.cache.Weigher;

/**
 * Weighs an L1 entry by the heap it really holds, so that maximumWeight bounds memory and not only
 * payload.
 *
 * @param floor the least weight of an entry: with maximumSize too, maximumWeight/maximumSize, so
 *     that the count stays under maximumSize
 */
record EntryWeigher(long floor) implements Weigher<String, byte[]> {

  /**
   * Heap cost beyond key and value bytes, as measured by {@code bin/bench}'s
   * overhead_bytes_per_entry on JDK 17 (160): the Caffeine node 48, the map node and slot 42, the
   * key String 24, the two arrays' headers and padding 35, the frequency sketch 10. Caffeine holds
   * the value's byte[] itself, the ttl being in its expiry of the entry. (155 on JDK 25 with
   * compact object headers.)
   */
  static final int OVERHEAD_BYTES = 160;

  @Override
  public int weigh(String key, byte[] value) {
    long weight = OVERHEAD_BYTES + key.length() + value.length;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(floor, weight));
  }
}
