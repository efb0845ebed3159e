package io.cachesync.sidecar.loader;

import io.grpc.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * At most one call in flight per key: concurrent {@link #run} calls for the same key share the
 * first caller's work, so a hot key that misses on many requests at once costs the application one
 * {@code Load}, not one per request (DESIGN.md, "Strategies": one load per key at a time).
 *
 * <p>Lock-free: the first caller claims the key with {@code putIfAbsent} of a fresh future, then
 * starts the work outside the map. ({@code computeIfAbsent} would run the work while holding the
 * map's bin lock, and work that completes at once would then remove its own key from inside that
 * lock: a recursive update.)
 *
 * <p>The key is freed <em>before</em> the shared future completes. So anyone who learns of the
 * completion (a dependant stage, or a caller arriving later) and calls {@link #run} again for the
 * key starts new work instead of getting the finished result: a result is never served past its
 * completion. Callers that arrived before the completion all get it.
 *
 * <p>Each caller gets its own future that follows the shared one: a caller that cancels or
 * completes its copy (say, because its own request was cancelled) does not affect the others, nor
 * the work itself.
 *
 * <p>The work runs detached from the cancellation of the caller that started it (a forked gRPC
 * {@link Context}): it serves every caller that joins, so the first one giving up must not fail the
 * others. Its own deadlines (the CacheLoader's timeout) still bound it.
 *
 * <p>A flight carries a tag from its start (a fill token: when it began). A caller joins it only
 * while {@code joinable} still holds for that tag; otherwise (the key was invalidated since the
 * load began) the caller starts a new flight in its place: a request that arrives after an
 * invalidation is never answered by a load that began before it. The old flight still answers the
 * callers that joined it before.
 */
public final class SingleFlight<K, V> {
  private record Flight<V>(long tag, CompletableFuture<V> shared) {}

  private final ConcurrentMap<K, Flight<V>> inFlight = new ConcurrentHashMap<>();

  /**
   * Joins the work in flight for {@code key}, or starts it with {@code work} when there is none. If
   * {@code work} throws or returns {@code null}, every caller of this round fails with that.
   */
  public CompletableFuture<V> run(K key, Supplier<CompletableFuture<V>> work) {
    return run(key, 0, tag -> true, tag -> work.get());
  }

  /**
   * As {@link #run(Object, Supplier)}, joining the flight in flight only if {@code joinable} holds
   * for its tag; a new flight gets {@code tag} and runs {@code work} with it.
   */
  public CompletableFuture<V> run(
      K key, long tag, LongPredicate joinable, LongFunction<CompletableFuture<V>> work) {
    while (true) {
      Flight<V> current = inFlight.get(key);
      if (current != null && joinable.test(current.tag())) return follow(current.shared());
      Flight<V> mine = new Flight<>(tag, new CompletableFuture<>());
      boolean claimed =
          current == null
              ? inFlight.putIfAbsent(key, mine) == null
              : inFlight.replace(key, current, mine);
      if (claimed) {
        start(key, mine, () -> work.apply(tag));
        return follow(mine.shared());
      }
    }
  }

  /** Keys with work in flight. */
  public int inFlight() {
    return inFlight.size();
  }

  private void start(K key, Flight<V> flight, Supplier<CompletableFuture<V>> work) {
    CompletableFuture<V> shared = flight.shared();
    CompletableFuture<V> started;
    try {
      started = Context.current().fork().wrap(work::get).call();
      if (started == null) throw new NullPointerException("the work for " + key + " returned null");
    } catch (Exception | Error e) {
      inFlight.remove(key, flight);
      shared.completeExceptionally(e);
      if (e instanceof Error error) throw error;
      return;
    }
    started.whenComplete(
        (value, failure) -> {
          inFlight.remove(key, flight); // first, so callers from now on start new work
          if (failure != null) {
            shared.completeExceptionally(failure);
          } else {
            shared.complete(value);
          }
        });
  }

  private static <V> CompletableFuture<V> follow(CompletableFuture<V> shared) {
    CompletableFuture<V> copy = new CompletableFuture<>();
    shared.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            copy.completeExceptionally(failure);
          } else {
            copy.complete(value);
          }
        });
    return copy;
  }
}
