package io.cachesync.consistency.history;

/**
 * A time a sidecar declared that it may be stale: its sync state was not CONNECTED (DEGRADED,
 * CONNECTING), or its gap counter rose (it noticed lost messages and cleared). The checker exempts
 * stale reads that such a window explains, and counts them apart.
 *
 * @param process the sidecar that declared it
 * @param why what it said: {@code DEGRADED}, {@code gaps 3->4}
 */
public record Window(int process, long startNanos, long endNanos, String why) {
  public boolean overlaps(long from, long to) {
    return startNanos <= to && from <= endNanos;
  }
}
