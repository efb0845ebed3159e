package io.cachesync.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The in-process L0: a Caffeine cache kept consistent by the sidecar's Watch stream, and bypassed
 * (no hits, no fills) while that stream is not established, so nothing stale is served through a
 * gap. Every change (an event for a key, a clear, the stream going down or up) first moves an
 * epoch: one global (clears, stream state) and one per stripe of keys (key events). A value is
 * stamped with the epochs read before the call to the sidecar that produced it, and is served only
 * while they have not moved. So once a change's epoch has moved, no value read before it is served,
 * whatever the interleaving of readers and the Watch thread: that closes "Get returns v1, the event
 * for the key is processed, v1 is put in L0". Dropping entries after that only frees memory. A
 * stripe shared by two keys makes a change of one refuse the other's copy too: a miss, never a
 * stale hit.
 */
final class L0Cache {
  private static final int STRIPES = 4096;

  /** The epochs a value was read under: the global one and its key's stripe's. */
  record Stamp(long global, int stripe, long stripeEpoch) {}

  private record Entry(Object value, int weight, Stamp stamp) {}

  private final Cache<L0Key, Entry> entries;
  private final AtomicLong global = new AtomicLong();
  private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
  private volatile boolean live;

  L0Cache(L0Config config) {
    Caffeine<Object, Object> b = Caffeine.newBuilder().expireAfterWrite(config.ttl());
    this.entries =
        config.maxBytes() > 0
            ? b.maximumWeight(config.maxBytes()).<L0Key, Entry>weigher((k, e) -> e.weight()).build()
            : b.maximumSize(config.maxEntries()).build();
  }

  /**
   * The value, or null when absent, read before a later change, or while the stream is down. No
   * lock; no allocation but the lookup key.
   */
  Object hit(String cache, String key) {
    if (!live) return null;
    Entry e = entries.getIfPresent(new L0Key(cache, key));
    return e != null && current(e.stamp()) ? e.value() : null;
  }

  /** Taken before asking the sidecar; null when L0 is bypassed (the result must not go in). */
  Stamp stamp(String cache, String key) {
    if (!live) return null;
    long g = global.get();
    int stripe = stripe(cache, key);
    return new Stamp(g, stripe, stripes.get(stripe));
  }

  /**
   * Keeps a value the sidecar served or accepted. One stamped before a change is not kept, or never
   * served if a change races this insertion.
   */
  void offer(Stamp stamp, String cache, String key, Object value, int encodedBytes) {
    if (stamp == null || !current(stamp)) return;
    entries.put(new L0Key(cache, key), new Entry(value, encodedBytes + key.length(), stamp));
  }

  /**
   * A change of one key: its stripe's epoch moves (no earlier read is served), then the copy goes.
   */
  void dropKey(String cache, String key) {
    stripes.incrementAndGet(stripe(cache, key));
    entries.invalidate(new L0Key(cache, key));
  }

  /** Every key of {@code cache} changed (CLEARED, InvalidateAll): everything goes, as on a gap. */
  void dropCache(String cache) {
    global.incrementAndGet();
    entries.invalidateAll();
  }

  /** The stream is established (SUBSCRIBED): from now on every change reaches {@link #dropKey}. */
  void up() {
    global.incrementAndGet();
    entries.invalidateAll();
    live = true;
  }

  /** The stream broke or the sidecar went away: changes may be missed, so nothing is kept. */
  void down() {
    live = false;
    global.incrementAndGet();
    entries.invalidateAll();
  }

  boolean live() {
    return live;
  }

  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  private boolean current(Stamp s) {
    return global.get() == s.global() && stripes.get(s.stripe()) == s.stripeEpoch();
  }

  private static int stripe(String cache, String key) {
    int h = cache.hashCode() * 31 + key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
