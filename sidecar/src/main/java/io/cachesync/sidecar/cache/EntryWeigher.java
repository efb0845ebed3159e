package io.cachesync.sidecar.cache;

import com.github.benmanes.caffeine.cache.Weigher;
import com.google.protobuf.ByteString;

/**
 * Weighs an L1 entry by the heap it really holds, so that maximumWeight bounds memory and not only
 * payload.
 *
 * @param floor the least weight of an entry: with maximumSize too, maximumWeight/maximumSize, so
 *     that the count stays under maximumSize
 */
record EntryWeigher(long floor) implements Weigher<String, ByteString> {

  /**
   * Heap cost beyond key and value bytes, as measured by {@code bin/bench}'s
   * overhead_bytes_per_entry on JDK 17 (184 and 185 in two runs): the Caffeine node 48, the map
   * node and slot 42, the ByteString 24, the key String 24, array headers and padding 35, the
   * frequency sketch 10. Caffeine holds the ByteString itself, the ttl being in its expiry of the
   * entry.
   */
  static final int OVERHEAD_BYTES = 184;

  @Override
  public int weigh(String key, ByteString value) {
    long weight = OVERHEAD_BYTES + key.length() + value.size();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(floor, weight));
  }
}
