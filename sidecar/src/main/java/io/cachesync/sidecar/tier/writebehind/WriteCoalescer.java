package io.cachesync.sidecar.tier.writebehind;

import io.cachesync.api.v1.StoreEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a batch of writes into one entry per key, the key's latest. A key written ten times between
 * two flushes costs the store one write, and since only the last write survives, the store can
 * never end a batch with an older value than the stream's.
 */
final class WriteCoalescer {
  private WriteCoalescer() {}

  /**
   * The latest entry of each key, in the order of those latest writes.
   *
   * @param writes in stream order (oldest first)
   */
  static List<StoreEntry> latestPerKey(List<StoreEntry> writes) {
    Map<String, StoreEntry> latest = new LinkedHashMap<>();
    for (StoreEntry write : writes) {
      // remove first, so the key moves to where its latest write happened
      latest.remove(write.getKey());
      latest.put(write.getKey(), write);
    }
    return new ArrayList<>(latest.values());
  }
}
