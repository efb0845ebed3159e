package io.cachesync.sidecar.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coalesces the changes queued during one publish round trip into as few, as small, changes as
 * carry them.
 */
final class Batches {
  private Batches() {}

  static List<Change> coalesce(List<Change> changes) {
    if (changes.size() <= 1) return changes;
    Map<String, Set<String>> keysByKindAndCache = new LinkedHashMap<>();
    Map<String, Change> firstOf = new LinkedHashMap<>();
    for (Change c : changes) {
      if (c.kind() == ChangeKind.EVERYTHING) return List.of(c);
      String slot = c.kind().code() + "/" + c.cache();
      firstOf.putIfAbsent(slot, c);
      keysByKindAndCache.computeIfAbsent(slot, s -> new LinkedHashSet<>()).addAll(c.keys());
    }
    List<Change> out = new ArrayList<>(firstOf.size());
    firstOf.forEach(
        (slot, c) ->
            out.add(new Change(c.kind(), c.cache(), List.copyOf(keysByKindAndCache.get(slot)))));
    return out;
  }

  /** The same changes as whole-cache clears: what a frame too large to send becomes. */
  static List<Change> asClears(List<Change> changes) {
    Set<String> caches = new LinkedHashSet<>();
    for (Change c : changes) {
      if (c.kind() == ChangeKind.EVERYTHING) return List.of(c);
      caches.add(c.cache());
    }
    return caches.stream().map(Change::cleared).toList();
  }
}
