package io.cachesync.sidecar.config;

import java.time.Duration;

/**
 * What a request may carry, and the budgets that keep the sidecar's heap bounded. {@code
 * fillTokenWindow} is how long a miss's fill token stays usable: the sidecar remembers
 * invalidations that long to refuse fills they overtook.
 *
 * @param l1HeapShare the share of the heap that the caches setting no bound split between them
 * @param maxWatchStreams Watch streams open at once; the next one is refused
 * @param maxWatchBacklogBytes events a Watch stream's client has not read yet, in (serialized)
 *     bytes; past it the stream is cut
 * @param maxResponseBytes the values one GetMany answer may hold, in bytes
 * @param heapBytes the heap that {@code l1HeapShare} divides: the JVM's max heap unless given (not
 *     a key of the file; tests pass their own)
 */
public record LimitsConfig(
    int maxKeyBytes,
    long maxValueBytes,
    Duration fillTokenWindow,
    Double l1HeapShare,
    int maxWatchStreams,
    long maxWatchBacklogBytes,
    long maxResponseBytes,
    long heapBytes) {

  /** Past this a sidecar keeps too little heap for requests, Redis and gRPC buffers. */
  public static final double MAX_L1_HEAP_SHARE = 0.9;

  public LimitsConfig {
    maxKeyBytes = maxKeyBytes == 0 ? 4096 : maxKeyBytes;
    maxValueBytes = maxValueBytes == 0 ? 1L << 20 : maxValueBytes;
    fillTokenWindow = fillTokenWindow == null ? Duration.ofSeconds(60) : fillTokenWindow;
    l1HeapShare = l1HeapShare == null ? 0.5 : l1HeapShare;
    maxWatchStreams = maxWatchStreams == 0 ? 256 : maxWatchStreams;
    maxWatchBacklogBytes = maxWatchBacklogBytes == 0 ? 1L << 20 : maxWatchBacklogBytes;
    maxResponseBytes = maxResponseBytes == 0 ? 4L << 20 : maxResponseBytes;
    heapBytes = heapBytes == 0 ? Runtime.getRuntime().maxMemory() : heapBytes;
    if (maxKeyBytes < 0)
      throw new ConfigException("limits.maxKeyBytes: must be positive, got " + maxKeyBytes);
    if (maxValueBytes < 0 || maxValueBytes > Integer.MAX_VALUE) {
      throw new ConfigException(
          "limits.maxValueBytes: must be between 1 and 2Gi, got " + maxValueBytes);
    }
    if (!(l1HeapShare > 0 && l1HeapShare <= MAX_L1_HEAP_SHARE)) {
      throw new ConfigException(
          "limits.l1HeapShare: must be above 0 and at most "
              + MAX_L1_HEAP_SHARE
              + " (a share of the heap, e.g. 0.5), got "
              + l1HeapShare);
    }
    if (maxWatchStreams < 0) {
      throw new ConfigException("limits.maxWatchStreams: must be positive, got " + maxWatchStreams);
    }
    if (maxWatchBacklogBytes < 0) {
      throw new ConfigException(
          "limits.maxWatchBacklogBytes: must be positive, got " + maxWatchBacklogBytes);
    }
    if (maxResponseBytes < 0 || maxResponseBytes > Integer.MAX_VALUE) {
      throw new ConfigException(
          "limits.maxResponseBytes: must be between 1 and 2Gi, got " + maxResponseBytes);
    }
    if (heapBytes <= 0) throw new IllegalArgumentException("heapBytes: " + heapBytes);
  }

  /** The request limits alone; every budget at its default. */
  public LimitsConfig(int maxKeyBytes, long maxValueBytes, Duration fillTokenWindow) {
    this(maxKeyBytes, maxValueBytes, fillTokenWindow, null, 0, 0, 0, 0);
  }

  public static LimitsConfig defaults() {
    return new LimitsConfig(0, 0, null);
  }

  /** The bytes the caches setting no bound share: {@code l1HeapShare} of {@code heapBytes}. */
  public long l1HeapBudget() {
    return (long) (heapBytes * l1HeapShare);
  }

  public LimitsConfig withHeapBytes(long bytes) {
    return new LimitsConfig(
        maxKeyBytes,
        maxValueBytes,
        fillTokenWindow,
        l1HeapShare,
        maxWatchStreams,
        maxWatchBacklogBytes,
        maxResponseBytes,
        bytes);
  }
}
