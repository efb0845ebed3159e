package io.cachesync.sidecar.cache;

import com.google.protobuf.ByteString;

/**
 * What L1 holds for a key: the bytes exactly as they go back on the wire (an immutable ByteString,
 * so a hit copies nothing) and the entry's own time to live.
 */
public record CachedValue(ByteString value, long ttlNanos) {

  /**
   * Heap cost beyond key and value bytes, as measured by {@code bin/bench}'s
   * overhead_bytes_per_entry on JDK 17 (209): the Caffeine node 48, the map node and slot 42, this
   * record 24, the ByteString 24, the key String 24, array headers and padding 35, the frequency
   * sketch 10. With it, maximumWeight bounds what the heap really holds.
   */
  static final int OVERHEAD_BYTES = 208;

  int weight(String key) {
    return OVERHEAD_BYTES + key.length() + value.size();
  }
}
