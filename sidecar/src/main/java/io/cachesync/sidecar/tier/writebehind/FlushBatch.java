package io.cachesync.sidecar.tier.writebehind;

import io.cachesync.api.v1.StoreEntry;
import io.lettuce.core.StreamMessage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch as the flusher handles it: the ids to acknowledge (every entry read, including the ones
 * coalesced away and any it could not decode) and the entries the store receives.
 *
 * @param ids every stream id of the batch, in stream order
 * @param entries what the store receives: one entry per key, its latest
 * @param oldestMillis the Redis time of the oldest entry, for the flush lag
 */
record FlushBatch(List<String> ids, List<StoreEntry> entries, long oldestMillis) {
  private static final Logger log = LoggerFactory.getLogger(FlushBatch.class);

  /**
   * @param messages in stream order, as XREADGROUP and XAUTOCLAIM return them
   */
  static FlushBatch of(List<StreamMessage<String, byte[]>> messages) {
    List<String> ids = new ArrayList<>(messages.size());
    List<StoreEntry> writes = new ArrayList<>(messages.size());
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
      }
    }
    return new FlushBatch(List.copyOf(ids), WriteCoalescer.latestPerKey(writes), oldest);
  }

  /** The millisecond part of a stream id ({@code <ms>-<seq>}). */
  static long millisOf(String id) {
    int dash = id.indexOf('-');
    return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
  }
}
