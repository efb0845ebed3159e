package io.cachesync.sidecar.cache;

import com.google.protobuf.ByteString;

/**
 * What L1 holds for a key: the bytes exactly as they go back on the wire (an immutable ByteString,
 * so a hit copies nothing) and the entry's own time to live.
 */
public record CachedValue(ByteString value, long ttlNanos) {

  /** Rough heap cost beyond key and value: the Caffeine node, this record and the map slot. */
  static final int OVERHEAD_BYTES = 96;

  int weight(String key) {
    return OVERHEAD_BYTES + key.length() + value.size();
  }
}
