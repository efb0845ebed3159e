package io.cachesync.bench.family;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When one marker (a key, or a Pub/Sub payload) reached each of several receivers. One marker is
 * awaited at a time: receivers report every marker they see, and only the current one counts. Times
 * are taken on the receivers' I/O threads.
 */
final class Arrivals {
  private static final class Probe {
    final String marker;
    final long[] at;
    final CountDownLatch latch;

    Probe(String marker, int receivers) {
      this.marker = marker;
      this.at = new long[receivers];
      this.latch = new CountDownLatch(receivers);
    }
  }

  private final int receivers;
  private volatile Probe current;

  Arrivals(int receivers) {
    this.receivers = receivers;
  }

  int receivers() {
    return receivers;
  }

  /** Starts waiting for {@code marker}; call before sending it. */
  void expect(String marker) {
    current = new Probe(marker, receivers);
  }

  /** Receiver {@code index} saw {@code marker} at {@code nanos}. */
  void saw(int index, String marker, long nanos) {
    Probe p = current;
    if (p == null || !p.marker.equals(marker)) return;
    synchronized (p) {
      if (p.at[index] != 0) return;
      p.at[index] = nanos;
    }
    p.latch.countDown();
  }

  /**
   * Waits for every receiver, at most {@code timeoutMillis}.
   *
   * @return the arrival times by receiver, 0 for those that did not see it
   */
  long[] await(long timeoutMillis) throws InterruptedException {
    Probe p = current;
    p.latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
    synchronized (p) {
      return p.at.clone();
    }
  }
}
