package io.cachesync.sidecar.cache;

import com.github.benmanes.caffeine.cache.Weigher;

/**
 * Weighs an L1 entry by the heap it really holds, so that maximumWeight bounds memory and not only
 * payload.
 *
 * @param floor the least weight of an entry: with maximumSize too, maximumWeight/maximumSize, so
 *     that the count stays under maximumSize
 */
record EntryWeigher(long floor) implements Weigher<Object, byte[]> {

  /**
   * Heap cost beyond the key's objects and the value's bytes, from {@code bin/bench}'s
   * overhead_bytes_per_entry on JDK 17 (135 with a 13-character key packed in 32 bytes): the
   * Caffeine node 48 (56 when weighed), the map node and slot 42, the value array's header and
   * padding 16-23, the frequency sketch 10. Caffeine holds the value's byte[] itself, the ttl being
   * in its expiry of the entry.
   */
  static final int OVERHEAD_BYTES = 120;

  @Override
  public int weigh(Object key, byte[] value) {
    long weight = OVERHEAD_BYTES + PackedKey.heapBytes(key) + value.length;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(floor, weight));
  }
}
