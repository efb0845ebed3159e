package io.cachesync.bench.load;

import java.util.Arrays;

/**
 * Latencies of one series, kept whole (a few thousand longs) so percentiles are exact rather than
 * bucketed: at a few hundred microseconds, a histogram's bucket width would be the difference being
 * measured.
 */
public final class LatencySamples {
  private long[] nanos = new long[1024];
  private int size;

  public void add(long elapsedNanos) {
    if (size == nanos.length) nanos = Arrays.copyOf(nanos, size * 2);
    nanos[size++] = elapsedNanos;
  }

  public int size() {
    return size;
  }

  /** The mean in microseconds (what CPU per call compares with, unlike a percentile). */
  public double meanMicros() {
    if (size == 0) throw new IllegalStateException("no samples");
    double sum = 0;
    for (int i = 0; i < size; i++) sum += nanos[i];
    return sum / size / 1_000.0;
  }

  /**
   * The nearest-rank percentile in microseconds.
   *
   * @throws IllegalStateException when there are no samples
   */
  public double percentileMicros(double percent) {
    if (size == 0) throw new IllegalStateException("no samples");
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1_000.0;
  }
}
