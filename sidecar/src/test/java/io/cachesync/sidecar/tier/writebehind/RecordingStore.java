package io.cachesync.sidecar.tier.writebehind;

import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.loader.StoreOfRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's store as a test sees it: records every batch it is handed, in order, and can
 * fail its first calls or never answer, to play a store that is down or hung.
 */
final class RecordingStore implements StoreOfRecord {

  /** One store call: when it came, what it held, and how it was answered. */
  record Call(long nanos, List<StoreEntry> entries, boolean failed) {}

  private final int failFirst;
  private final boolean hang;
  private final Duration answerAfter;
  private final AtomicInteger calls = new AtomicInteger();
  private final List<Call> log = new ArrayList<>();
  private Runnable onCall = () -> {};

  private RecordingStore(int failFirst, boolean hang, Duration answerAfter) {
    this.failFirst = failFirst;
    this.hang = hang;
    this.answerAfter = answerAfter;
  }

  static RecordingStore working() {
    return new RecordingStore(0, false, Duration.ZERO);
  }

  /** Answers each call after {@code time}, like a store with real writes to do. */
  static RecordingStore taking(Duration time) {
    return new RecordingStore(0, false, time);
  }

  static RecordingStore failingFirst(int calls) {
    return new RecordingStore(calls, false, Duration.ZERO);
  }

  /** Never completes a call, like a store that hangs. */
  static RecordingStore hanging() {
    return new RecordingStore(0, true, Duration.ZERO);
  }

  /** Runs on the flusher's thread at each call, before the call is answered. */
  RecordingStore onCall(Runnable action) {
    this.onCall = action;
    return this;
  }

  @Override
  public CompletableFuture<Void> store(String cache, List<StoreEntry> entries) {
    onCall.run();
    boolean fail = calls.incrementAndGet() <= failFirst;
    synchronized (this) {
      log.add(new Call(System.nanoTime(), List.copyOf(entries), fail));
    }
    if (hang) return new CompletableFuture<>();
    if (fail) return CompletableFuture.failedFuture(new IllegalStateException("store is down"));
    if (answerAfter.isZero()) return CompletableFuture.completedFuture(null);
    return CompletableFuture.supplyAsync(
        () -> null, CompletableFuture.delayedExecutor(answerAfter.toNanos(), TimeUnit.NANOSECONDS));
  }

  synchronized List<Call> calls() {
    return List.copyOf(log);
  }

  /** Calls that succeeded. */
  synchronized List<Call> accepted() {
    return log.stream().filter(c -> !c.failed()).toList();
  }

  /** For each key, the entry of the last accepted call that held it. */
  synchronized Map<String, StoreEntry> latest() {
    Map<String, StoreEntry> latest = new HashMap<>();
    for (Call call : accepted()) for (StoreEntry e : call.entries()) latest.put(e.getKey(), e);
    return latest;
  }

  /** Every value each key received, in the order the store received them. */
  synchronized Map<String, List<String>> history() {
    Map<String, List<String>> history = new HashMap<>();
    for (Call call : accepted()) {
      for (StoreEntry e : call.entries()) {
        history
            .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
            .add(e.getValue().toStringUtf8());
      }
    }
    return history;
  }
}
