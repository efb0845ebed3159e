package io.cachesync.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The in-process L0: a Caffeine cache kept consistent by the sidecar's Watch stream, and bypassed
 * (no hits, no fills) while that stream is not established, so nothing stale is served through a
 * gap. An entry goes in only if nothing that could make it stale happened between the read that
 * produced it and its insertion: {@link #stamp} is taken before the call to the sidecar, and every
 * change (an event for the key, a clear, the stream going down or up) moves an epoch the insertion
 * checks. That closes "Get returns v1, the event for the key is processed, v1 is put in L0".
 *
 * <p>Epochs: one global (clears, stream state) and one per stripe of keys (key events). A stripe
 * shared by two keys only refuses more insertions than needed. Insertion checks, puts, and checks
 * again, removing its own value if an epoch moved meanwhile; a change moves the epoch before it
 * drops the entry, so either the second check or the drop removes a value that raced it.
 */
final class L0Cache {
  private static final int STRIPES = 4096;

  /** What an insertion must still find: the global epoch and the key's stripe epoch. */
  record Stamp(long global, int stripe, long stripeEpoch) {}

  private record Entry(Object value, int weight) {}

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
   * The value, or null when absent or while the stream is down. No lock, no allocation but the key.
   */
  Object hit(String cache, String key) {
    if (!live) return null;
    Entry e = entries.getIfPresent(new L0Key(cache, key));
    return e == null ? null : e.value();
  }

  /** Taken before asking the sidecar; null when L0 is bypassed (the result must not go in). */
  Stamp stamp(String cache, String key) {
    if (!live) return null;
    long g = global.get();
    int stripe = stripe(cache, key);
    return new Stamp(g, stripe, stripes.get(stripe));
  }

  /**
   * Inserts a value the sidecar served or accepted, unless something changed since {@code stamp}.
   */
  void offer(Stamp stamp, String cache, String key, Object value, int encodedBytes) {
    if (stamp == null || !valid(stamp)) return;
    L0Key k = new L0Key(cache, key);
    Entry e = new Entry(value, encodedBytes + key.length());
    entries.put(k, e);
    if (!valid(stamp)) entries.asMap().remove(k, e);
  }

  /** A change of one key: the key's epoch moves first, then the copy goes. */
  void dropKey(String cache, String key) {
    stripes.incrementAndGet(stripe(cache, key));
    entries.invalidate(new L0Key(cache, key));
  }

  /** Every key of {@code cache} changed (CLEARED, InvalidateAll). */
  void dropCache(String cache) {
    global.incrementAndGet();
    entries.asMap().keySet().removeIf(k -> k.cache().equals(cache));
  }

  /** The stream is established (SUBSCRIBED): from now on every change reaches {@link #dropKey}. */
  void up() {
    entries.invalidateAll();
    global.incrementAndGet();
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

  private boolean valid(Stamp s) {
    return live && global.get() == s.global() && stripes.get(s.stripe()) == s.stripeEpoch();
  }

  private static int stripe(String cache, String key) {
    int h = cache.hashCode() * 31 + key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
