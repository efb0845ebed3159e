package io.cachesync.consistency.check;

import java.util.List;
import java.util.Map;

/**
 * What the checker concluded about a history.
 *
 * @param readsChecked reads that returned a value, each held against the model
 * @param exempt stale reads that a window the sidecars declared explains (counted, not violations)
 * @param stalest the read with the largest staleness that no declared window explains, or null
 * @param maxStalenessByCache that staleness per cache, in nanoseconds
 */
public record Verdict(
    List<Violation> violations,
    long readsChecked,
    long exempt,
    Staleness stalest,
    Map<String, Long> maxStalenessByCache) {

  public Verdict {
    violations = List.copyOf(violations);
    maxStalenessByCache = Map.copyOf(maxStalenessByCache);
  }

  public Verdict plus(List<Violation> more) {
    List<Violation> all = new java.util.ArrayList<>(violations);
    all.addAll(more);
    return new Verdict(all, readsChecked, exempt, stalest, maxStalenessByCache);
  }

  public long maxStalenessNanos() {
    return stalest == null ? 0 : stalest.nanos();
  }
}
