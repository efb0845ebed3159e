package io.cachesync.sidecar.reload;

import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The last reload outcome and a count per result: what {@code /health} and metrics show. */
public final class ReloadStatus {
  private final Map<Result, LongAdder> counts = new EnumMap<>(Result.class);
  private volatile ReloadOutcome last;

  public ReloadStatus(String watching) {
    for (Result r : Result.values()) counts.put(r, new LongAdder());
    this.last = ReloadOutcome.none(watching);
  }

  public ReloadOutcome last() {
    return last;
  }

  /** Reloads that ended with {@code result}. */
  public long count(Result result) {
    return counts.get(result).sum();
  }

  void record(ReloadOutcome outcome) {
    last = outcome;
    counts.get(outcome.result()).increment();
  }
}
