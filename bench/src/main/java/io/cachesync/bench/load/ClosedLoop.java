package io.cachesync.bench.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed number of asynchronous calls in flight: each completion starts the next call, so the
 * server sees a constant concurrency (a closed loop), which is how "64 calls in flight" is meant.
 * Stops after a time window or a count of calls; the first failure stops it and is rethrown.
 */
public final class ClosedLoop {
  /** One asynchronous call; it must eventually call exactly one of the completion's methods. */
  public interface Call {
    void start(long index, Completion done);
  }

  /** How a call reports its end. */
  public interface Completion {
    void ok();

    void failed(Throwable error);
  }

  /** Calls completed in the window and the window's actual length. */
  public record Outcome(long completed, long elapsedNanos) {
    public double perSecond() {
      return completed * 1e9 / elapsedNanos;
    }
  }

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private final int inFlight;
  private final Call call;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private CountDownLatch slotsDone;
  private long endNanos;
  private long limit;
  private volatile long lastCompletion;

  private ClosedLoop(int inFlight, Call call) {
    this.inFlight = inFlight;
    this.call = call;
  }

  /** Runs for {@code window}; counts only the calls that completed inside it. */
  public static Outcome forDuration(int inFlight, Duration window, Call call) {
    ClosedLoop loop = new ClosedLoop(inFlight, call);
    return loop.run(Long.MAX_VALUE, window.toNanos());
  }

  /**
   * Runs until {@code total} calls completed, or {@code timeout} passed (then throws).
   *
   * @throws IllegalStateException on timeout
   */
  public static Outcome forCount(int inFlight, long total, Duration timeout, Call call) {
    ClosedLoop loop = new ClosedLoop(inFlight, call);
    Outcome o = loop.run(total, timeout.toNanos());
    if (o.completed() < total) {
      throw new IllegalStateException(
          "only " + o.completed() + " of " + total + " calls completed within " + timeout);
    }
    return o;
  }

  private Outcome run(long total, long windowNanos) {
    limit = total;
    slotsDone = new CountDownLatch(inFlight);
    long begin = System.nanoTime();
    endNanos = begin + windowNanos;
    for (int i = 0; i < inFlight; i++) next();
    long elapsed;
    try {
      boolean drained =
          slotsDone.await(windowNanos + DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
      // a count-bound run ends with its last completion, a time-bound one with its window
      elapsed =
          limit != Long.MAX_VALUE
              ? lastCompletion - begin
              : Math.min(System.nanoTime(), endNanos) - begin;
      if (!drained && failure.get() == null) {
        failure.set(new IllegalStateException("calls still in flight after the window"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Throwable t = failure.get();
    if (t != null) throw new IllegalStateException("a call failed: " + t, t);
    return new Outcome(completed.get(), Math.max(1, elapsed));
  }

  /** Starts the next call in this slot, or retires the slot when the loop is over. */
  private void next() {
    long index = started.getAndIncrement();
    if (index >= limit || failure.get() != null || System.nanoTime() - endNanos >= 0) {
      slotsDone.countDown();
      return;
    }
    try {
      call.start(
          index,
          new Completion() {
            @Override
            public void ok() {
              long now = System.nanoTime();
              if (now - endNanos < 0) {
                completed.incrementAndGet();
                lastCompletion = now;
              }
              next();
            }

            @Override
            public void failed(Throwable error) {
              failure.compareAndSet(null, error);
              next();
            }
          });
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      slotsDone.countDown();
    }
  }
}
