package io.cachesync.operator.webhook;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.SelectorMatch;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which CacheSync a pod belongs to: among those in its namespace whose selector matches its labels,
 * the oldest (then the first by name), so the answer never depends on the order of a cache. A pod
 * keeps belonging to that CacheSync while it is invalid: it then gets no sidecar rather than
 * another CacheSync's.
 *
 * @param chosen null when no CacheSync selects the pod
 * @param others the other matching CacheSyncs, for a warning
 */
public record CacheSyncChoice(CacheSync chosen, List<String> others) {
  private static final Logger log = LoggerFactory.getLogger(CacheSyncChoice.class);

  static final Comparator<CacheSync> OLDEST_FIRST =
      Comparator.comparing(CacheSyncChoice::created)
          .thenComparing(cs -> cs.getMetadata().getName());

  public static CacheSyncChoice of(List<CacheSync> inNamespace, Map<String, String> podLabels) {
    List<CacheSync> matching = new ArrayList<>();
    for (CacheSync cs : inNamespace) {
      if (cs.getMetadata().getDeletionTimestamp() != null || cs.getSpec() == null) continue;
      try {
        if (SelectorMatch.matches(cs.getSpec().getSelector(), podLabels)) matching.add(cs);
      } catch (IllegalArgumentException e) {
        log.warn(
            "CacheSync {}/{} selects no pod: {}",
            cs.getMetadata().getNamespace(),
            cs.getMetadata().getName(),
            e.getMessage());
      }
    }
    if (matching.isEmpty()) return new CacheSyncChoice(null, List.of());
    matching.sort(OLDEST_FIRST);
    return new CacheSyncChoice(
        matching.get(0),
        matching.subList(1, matching.size()).stream()
            .map(cs -> cs.getMetadata().getName())
            .toList());
  }

  /** Unknown times sort last: a CacheSync the API server has not stamped is the newest. */
  private static Instant created(CacheSync cs) {
    String t = cs.getMetadata().getCreationTimestamp();
    if (t == null) return Instant.MAX;
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      return Instant.MAX;
    }
  }
}
