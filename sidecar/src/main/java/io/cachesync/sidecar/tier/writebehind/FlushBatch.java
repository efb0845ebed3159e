package io.cachesync.sidecar.tier.writebehind;

import io.cachesync.api.v1.StoreEntry;
import io.lettuce.core.StreamMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch as the flusher handles it: the ids to acknowledge (every entry read, including the ones
 * coalesced away and any it could not decode) and the entries the store receives.
 *
 * @param ids every stream id of the batch, in stream order
 * @param entries what the store receives: one entry per key, its latest
 * @param oldestMillis the Redis time of the oldest entry, for the flush lag
 * @param latestIds per key, the stream id of the entry in {@code entries}
 * @param idsByKey per key, every stream id of the batch that held it
 */
record FlushBatch(
    List<String> ids,
    List<StoreEntry> entries,
    long oldestMillis,
    Map<String, String> latestIds,
    Map<String, List<String>> idsByKey) {
  private static final Logger log = LoggerFactory.getLogger(FlushBatch.class);

  /**
   * @param messages in stream order, as XREADGROUP and XAUTOCLAIM return them
   */
  static FlushBatch of(List<StreamMessage<String, byte[]>> messages) {
    List<String> ids = new ArrayList<>(messages.size());
    List<StoreEntry> writes = new ArrayList<>(messages.size());
    Map<String, String> latestIds = new LinkedHashMap<>();
    Map<String, List<String>> idsByKey = new HashMap<>();
    long oldest = Long.MAX_VALUE;
    for (StreamMessage<String, byte[]> message : messages) {
      ids.add(message.getId());
      oldest = Math.min(oldest, millisOf(message.getId()));
      StoreEntry write = WriteBehindFields.decode(message.getBody());
      if (write == null) {
        // acknowledged with the batch: an entry nobody can store must not block the stream forever
        log.warn(
            "write-behind entry {} of {} has no key (deleted while pending?); acknowledging it"
                + " unstored",
            message.getId(),
            message.getStream());
      } else {
        writes.add(write);
        latestIds.put(write.getKey(), message.getId());
        idsByKey.computeIfAbsent(write.getKey(), k -> new ArrayList<>()).add(message.getId());
      }
    }
    return new FlushBatch(
        List.copyOf(ids),
        WriteCoalescer.latestPerKey(writes),
        oldest,
        Map.copyOf(latestIds),
        Map.copyOf(idsByKey));
  }

  /** The same batch (all ids still acknowledged) without storing {@code keys}. */
  FlushBatch without(Set<String> keys) {
    if (keys.isEmpty()) return this;
    return new FlushBatch(
        ids,
        entries.stream().filter(e -> !keys.contains(e.getKey())).toList(),
        oldestMillis,
        latestIds,
        idsByKey);
  }

  /**
   * The batch without {@code keys} at all: neither stored nor acknowledged, so their entries stay
   * pending for this consumer and come back with its own pending entries.
   */
  FlushBatch deferring(Set<String> keys) {
    if (keys.isEmpty()) return this;
    Set<String> held = new HashSet<>();
    for (String k : keys) held.addAll(idsByKey.getOrDefault(k, List.of()));
    Map<String, String> latest = new LinkedHashMap<>(latestIds);
    Map<String, List<String>> byKey = new HashMap<>(idsByKey);
    latest.keySet().removeAll(keys);
    byKey.keySet().removeAll(keys);
    return new FlushBatch(
        ids.stream().filter(id -> !held.contains(id)).toList(),
        entries.stream().filter(e -> !keys.contains(e.getKey())).toList(),
        oldestMillis,
        Map.copyOf(latest),
        Map.copyOf(byKey));
  }

  /** The millisecond part of a stream id ({@code <ms>-<seq>}). */
  static long millisOf(String id) {
    int dash = id.indexOf('-');
    return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
  }
}
