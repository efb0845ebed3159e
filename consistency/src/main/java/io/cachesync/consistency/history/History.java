package io.cachesync.consistency.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Everything a run recorded, appended to from every thread: operations, faults and the windows the
 * sidecars declared. Times are {@link System#nanoTime()} of the checker's JVM, which runs every
 * client, so they compare directly.
 */
public final class History {
  private final long originNanos;
  private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<FaultEvent> faults = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Window> windows = new ConcurrentLinkedQueue<>();

  public History(long originNanos) {
    this.originNanos = originNanos;
  }

  /** The start of the run: printed times are milliseconds since it. */
  public long originNanos() {
    return originNanos;
  }

  public void add(Op op) {
    ops.add(op);
  }

  public void add(FaultEvent fault) {
    faults.add(fault);
  }

  public void add(Window window) {
    windows.add(window);
  }

  /** Every operation, by invocation time. */
  public List<Op> ops() {
    List<Op> all = new ArrayList<>(ops);
    all.sort(Comparator.comparingLong(Op::invokeNanos));
    return all;
  }

  public List<FaultEvent> faults() {
    List<FaultEvent> all = new ArrayList<>(faults);
    all.sort(Comparator.comparingLong(FaultEvent::startNanos));
    return all;
  }

  public List<Window> windows() {
    List<Window> all = new ArrayList<>(windows);
    all.sort(Comparator.comparingLong(Window::startNanos));
    return all;
  }

  /** Milliseconds since the start of the run, for printing. */
  public double millis(long nanos) {
    return (nanos - originNanos) / 1e6;
  }
}
