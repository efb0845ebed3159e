package io.cachesync.sidecar.loader;

import java.util.Iterator;
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
 * <p>The queue is bounded too ({@code loader.maxQueued}): past it a task is refused at once, since
 * an application that far behind would only keep callers waiting until they give up. A task whose
 * caller gave up while it waited is dropped unrun, and does not count against the bound.
 *
 * <p>One thread at a time hands out permits (a work-in-progress counter, as in reactive streams),
 * so a task that fails at once and releases its permit inside the loop does not recurse: the loop
 * that is already running picks the next task up.
 */
final class PermitQueue {
  private static final Logger log = LoggerFactory.getLogger(PermitQueue.class);

  /** Work that needs a permit. */
  interface Task extends Runnable {
    /** Whether whoever waits for this task has given up; such a task is dropped unrun. */
    default boolean abandoned() {
      return false;
    }

    /** Called instead of {@link #run()} for a task dropped because it was abandoned. */
    default void dropped() {}
  }

  private final Queue<Task> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger available;
  private final AtomicInteger wip = new AtomicInteger();
  private final int maxQueued;

  PermitQueue(int permits, int maxQueued) {
    if (permits <= 0) throw new IllegalArgumentException("permits must be positive: " + permits);
    if (maxQueued <= 0) throw new IllegalArgumentException("maxQueued must be positive");
    this.available = new AtomicInteger(permits);
    this.maxQueued = maxQueued;
  }

  /**
   * Runs {@code task} holding a permit, now or once one is free. The task must call {@link
   * #release()} exactly once when its work is over, also when that work fails, and should not
   * throw: a task that throws is taken not to have released its permit.
   *
   * @return false, and the task never runs, when {@code maxQueued} tasks wait already
   */
  boolean submit(Task task) {
    if (!reserve()) {
      dropAbandoned(); // callers that gave up make room
      if (!reserve()) return false;
    }
    waiting.add(task);
    drain();
    return true;
  }

  /** Gives a permit back, starting the next waiting task if there is one. */
  void release() {
    available.incrementAndGet();
    drain();
  }

  /** Tasks waiting for a permit. */
  int waiting() {
    return queued.get();
  }

  private boolean reserve() {
    while (true) {
      int n = queued.get();
      if (n >= maxQueued) return false;
      if (queued.compareAndSet(n, n + 1)) return true;
    }
  }

  private void dropAbandoned() {
    for (Iterator<Task> it = waiting.iterator(); it.hasNext(); ) {
      Task t = it.next();
      // remove() is atomic against the drain loop's poll(): one of them has the task
      if (t.abandoned() && waiting.remove(t)) {
        queued.decrementAndGet();
        t.dropped();
      }
    }
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) return; // the thread in the loop will see our change
    int missed = 1;
    do {
      while (available.get() > 0) {
        Task next = waiting.poll();
        if (next == null) break;
        queued.decrementAndGet();
        if (next.abandoned()) {
          next.dropped();
          continue;
        }
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
