package io.cachesync.sidecar.reload;

import io.cachesync.sidecar.config.CacheConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One configured cache that a reload changes. Its bounds and ttl change in place; anything else
 * (strategy, l2, writeBehind, or the loader a loading strategy calls) rebuilds the cache: a new
 * strategy over the same L1, whose entries are dropped. Dropping is always safe for a cache, the
 * next read only misses, and it spares reasoning about entries that came through a tier or a loader
 * the cache no longer uses.
 */
public record CacheChange(
    CacheConfig before, CacheConfig after, List<FieldChange> fields, boolean rebuild) {

  private static final Set<String> IN_PLACE = Set.of("maximumSize", "maximumWeight", "ttl");

  public CacheChange {
    fields = List.copyOf(fields);
  }

  /** Null when nothing about the cache changes. */
  static CacheChange of(CacheConfig before, CacheConfig after, boolean loaderChanged) {
    List<FieldChange> fields = FieldChange.between("", before, after);
    boolean loaderMatters = loaderChanged && (before.needsLoader() || after.needsLoader());
    if (fields.isEmpty() && !loaderMatters) return null;
    boolean rebuild = loaderMatters || fields.stream().anyMatch(f -> !IN_PLACE.contains(f.path()));
    String parent = "caches[" + after.name() + "]";
    return new CacheChange(
        before, after, fields.stream().map(f -> f.under(parent)).toList(), rebuild);
  }

  public String name() {
    return after.name();
  }

  /** For the reload's log line, e.g. {@code books rebuilt (caches[books].strategy ...)}. */
  @Override
  public String toString() {
    String what =
        fields.isEmpty()
            ? "the loader settings"
            : fields.stream().map(FieldChange::toString).collect(Collectors.joining(", "));
    return name() + (rebuild ? " rebuilt, entries dropped (" : " changed in place (") + what + ")";
  }
}
