package io.cachesync.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Concurrent lookups of one key in one process share one call: the first caller runs it, the others
 * wait for its result. The flight is removed before its result is published, so a caller that
 * arrives after the result starts a new flight instead of taking an older value.
 */
final class SingleFlight<T> {
  private final ConcurrentHashMap<String, CompletableFuture<T>> flights = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder joins =
      new java.util.concurrent.atomic.LongAdder();

  /** The result, and whether this caller ran the work (false: it joined another's flight). */
  record Outcome<T>(T value, boolean led) {}

  Outcome<T> run(String key, Supplier<T> work) {
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<T> running = flights.putIfAbsent(key, mine);
    if (running != null) {
      joins.increment();
      return new Outcome<>(await(running), false);
    }
    T value;
    try {
      value = work.get();
    } catch (RuntimeException | Error e) {
      flights.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
    flights.remove(key, mine);
    mine.complete(value);
    return new Outcome<>(value, true);
  }

  /** How many callers joined another's flight, since this was made. */
  long joins() {
    return joins.sum();
  }

  int inFlight() {
    return flights.size();
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw e;
    }
  }
}
