package io.cachesync.sidecar.loader;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the calls in flight to the application ({@code loader.maxConcurrency}) without ever
 * blocking a thread: a task beyond the limit waits in a FIFO queue and is started by whichever
 * thread frees a permit. The sidecar's threads are gRPC transport threads, so a thread parked
 * waiting for a permit would stall unrelated calls, hits included.
 *
 * <p>One thread at a time hands out permits (a work-in-progress counter, as in reactive streams),
 * so a task that fails at once and releases its permit inside the loop does not recurse: the loop
 * that is already running picks the next task up.
 */
final class PermitQueue {
  private static final Logger log = LoggerFactory.getLogger(PermitQueue.class);

  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger available;
  private final AtomicInteger wip = new AtomicInteger();

  PermitQueue(int permits) {
    if (permits <= 0) throw new IllegalArgumentException("permits must be positive: " + permits);
    this.available = new AtomicInteger(permits);
  }

  /**
   * Runs {@code task} holding a permit, now or once one is free. The task must call {@link
   * #release()} exactly once when its work is over, also when that work fails, and should not
   * throw: a task that throws is taken not to have released its permit.
   */
  void submit(Runnable task) {
    waiting.add(task);
    drain();
  }

  /** Gives a permit back, starting the next waiting task if there is one. */
  void release() {
    available.incrementAndGet();
    drain();
  }

  /** Tasks waiting for a permit. */
  int waiting() {
    return waiting.size();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) return; // the thread in the loop will see our change
    int missed = 1;
    do {
      while (available.get() > 0) {
        Runnable next = waiting.poll();
        if (next == null) break;
        available.decrementAndGet(); // only this loop takes permits, so this stays >= 0
        try {
          next.run();
        } catch (RuntimeException e) {
          // A bug in the task; keep the permit count right so the limit does not shrink for good.
          log.error("a call to the application's CacheLoader failed to start", e);
          available.incrementAndGet();
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}
