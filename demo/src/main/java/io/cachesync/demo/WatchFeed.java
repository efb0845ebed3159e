package io.cachesync.demo;

import io.cachesync.api.v1.CacheEvent;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One pod's Watch stream, recorded: every event with the moment it arrived, so the story can wait
 * (with a bound) for the event it expects and tell how long the change took to get there.
 */
final class WatchFeed implements StreamObserver<CacheEvent> {
  /** An event and the {@link System#nanoTime()} at which the client received it. */
  record Arrival(CacheEvent event, long nanos) {}

  private final String pod;
  private final List<Arrival> arrivals = new ArrayList<>();
  private String ended;

  WatchFeed(String pod) {
    this.pod = pod;
  }

  @Override
  public void onNext(CacheEvent event) {
    long now = System.nanoTime();
    synchronized (this) {
      arrivals.add(new Arrival(event, now));
      notifyAll();
    }
  }

  @Override
  public synchronized void onError(Throwable t) {
    Status s = Status.fromThrowable(t);
    ended =
        "failed: " + s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    notifyAll();
  }

  @Override
  public synchronized void onCompleted() {
    ended = "was closed by the sidecar";
    notifyAll();
  }

  /** A position in the feed: {@link #await} and {@link #since} look at events after it. */
  synchronized int mark() {
    return arrivals.size();
  }

  synchronized List<Arrival> since(int mark) {
    return List.copyOf(arrivals.subList(mark, arrivals.size()));
  }

  /**
   * The first event after {@code mark} that matches, waiting for it at most {@code timeout}.
   *
   * @return null if none came in time
   * @throws DemoFailure if the stream ended
   */
  synchronized Arrival await(int mark, Predicate<CacheEvent> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int next = mark;
    while (true) {
      for (; next < arrivals.size(); next++) {
        if (matches.test(arrivals.get(next).event())) return arrivals.get(next);
      }
      if (ended != null) throw new DemoFailure(pod + "'s Watch stream " + ended);
      long left = deadline - System.nanoTime();
      if (left <= 0) return null;
      try {
        wait(Math.max(1, left / 1_000_000), 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoFailure("interrupted while waiting for " + pod + "'s Watch");
      }
    }
  }
}
