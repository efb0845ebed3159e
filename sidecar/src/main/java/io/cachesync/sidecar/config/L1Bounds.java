package io.cachesync.sidecar.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounds by bytes the caches that set neither {@code maximumSize} nor {@code maximumWeight}: they
 * split {@code limits.l1HeapShare} of the heap in equal parts, less what the caches with a {@code
 * maximumWeight} may take, so that what the sidecar caches can never outgrow its heap. A cache
 * bounded by {@code maximumSize} alone is left as it is.
 */
final class L1Bounds {
  /** Below this a cache holds too little to be worth having: better to say so at start. */
  static final long MIN_BYTES = 1L << 20;

  private L1Bounds() {}

  static List<CacheConfig> settle(List<CacheConfig> caches, LimitsConfig limits) {
    List<Integer> open = new ArrayList<>();
    long given = 0;
    for (int i = 0; i < caches.size(); i++) {
      CacheConfig c = caches.get(i);
      if (c.maximumSize() == null && c.maximumWeight() == null) open.add(i);
      if (c.maximumWeight() != null) given = saturatedAdd(given, c.maximumWeight());
    }
    if (open.isEmpty()) return caches;
    long each = (limits.l1HeapBudget() - given) / open.size();
    if (each < MIN_BYTES) {
      throw new ConfigException(
          "caches["
              + open.get(0)
              + "].maximumWeight: unset, and the heap left for it is "
              + Math.max(each, 0)
              + " bytes (limits.l1HeapShare "
              + limits.l1HeapShare()
              + " of a "
              + limits.heapBytes()
              + "-byte heap, less "
              + given
              + " bytes of other caches' maximumWeight, split "
              + open.size()
              + " ways), under "
              + MIN_BYTES
              + "; set its maximumWeight or maximumSize, lower the others' or give the sidecar"
              + " more heap");
    }
    List<CacheConfig> out = new ArrayList<>(caches);
    for (int i : open) out.set(i, caches.get(i).withMaximumWeight(each));
    return List.copyOf(out);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
