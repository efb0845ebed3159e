package io.cachesync.sidecar.cache;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide safety under the caches' own bounds. A cache bounded by {@code maximumSize}
 * alone counts entries, not bytes, so large values can still fill the heap. When the old generation
 * is still over {@value #FULL} full right after a garbage collection, every L1 cache is cleared: a
 * cache may always miss, and an empty cache is slower, never wrong, while an OutOfMemoryError would
 * end the sidecar. Each time is logged at WARN with what the caches held.
 *
 * <p>The JVM reports this once per crossing (it re-arms when usage after a collection falls back
 * under the threshold), on its own notification thread.
 */
public final class HeapGuard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeapGuard.class);

  /** The share of the old generation that, still in use after a collection, clears the caches. */
  public static final double FULL = 0.9;

  private final CacheRegistry caches;
  private final MemoryPoolMXBean pool;
  private final NotificationEmitter emitter;
  private final NotificationListener listener = this::onNotification;
  private final AtomicLong clears = new AtomicLong();
  private final double full;

  private HeapGuard(CacheRegistry caches, MemoryPoolMXBean pool, double full) {
    this.caches = caches;
    this.pool = pool;
    this.full = full;
    this.emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
    emitter.addNotificationListener(listener, null, null);
    pool.setCollectionUsageThreshold(Math.max(1, (long) (pool.getUsage().getMax() * full)));
  }

  /** Guards {@code caches}; null when this JVM reports no old generation it can watch. */
  public static HeapGuard start(CacheRegistry caches) {
    return start(caches, FULL);
  }

  /**
   * @param full the share of the old generation that clears the caches (tests pass a tiny one)
   */
  static HeapGuard start(CacheRegistry caches, double full) {
    MemoryPoolMXBean old =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .filter(MemoryPoolMXBean::isCollectionUsageThresholdSupported)
            .filter(p -> p.getUsage().getMax() > 0)
            // the tenured pool is the one objects end in: the largest that can be watched
            .max(Comparator.comparingLong(p -> p.getUsage().getMax()))
            .orElse(null);
    if (old == null) {
      log.warn("no heap pool reports its use after a collection: L1 has no heap guard");
      return null;
    }
    return new HeapGuard(caches, old, full);
  }

  /** How often the caches were cleared. */
  public long clears() {
    return clears.get();
  }

  private void onNotification(Notification n, Object handback) {
    if (!MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) return;
    long entries = 0;
    long weight = 0;
    for (LocalCache c : caches.all()) {
      CacheStatistics s = c.statistics();
      entries += s.size();
      weight += s.weightedSize();
    }
    caches.clearAll();
    clears.incrementAndGet();
    log.warn(
        "the heap's {} stayed over {}% full after a garbage collection: cleared every L1 cache"
            + " ({} entries, {} bytes by weight) so the sidecar does not run out of memory; bound"
            + " the caches by maximumWeight (or leave them unbounded: they then share"
            + " limits.l1HeapShare of the heap), or give the sidecar more heap",
        pool.getName(), Math.round(full * 100), entries, weight);
  }

  @Override
  public void close() {
    try {
      emitter.removeNotificationListener(listener);
    } catch (ListenerNotFoundException e) {
      // already gone
    }
    pool.setCollectionUsageThreshold(0); // 0 turns the check off
  }
}
