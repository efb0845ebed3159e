package io.cachesync.sidecar.sync;

import java.util.List;

/** One change to broadcast: keys of a cache dropped, a cache cleared, or every cache cleared. */
public record Change(ChangeKind kind, String cache, List<String> keys) {

  public Change {
    keys = keys == null ? List.of() : List.copyOf(keys);
    cache = cache == null ? "" : cache;
  }

  public static Change keys(ChangeKind kind, String cache, List<String> keys) {
    return new Change(kind, cache, keys);
  }

  public static Change cleared(String cache) {
    return new Change(ChangeKind.CLEARED, cache, List.of());
  }

  public static Change everything() {
    return new Change(ChangeKind.EVERYTHING, "", List.of());
  }

  /** What this change costs in the outage buffer and in a batch. */
  int weight() {
    return Math.max(1, keys.size());
  }
}
