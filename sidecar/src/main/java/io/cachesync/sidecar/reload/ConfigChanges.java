package io.cachesync.sidecar.reload;

import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a new config file changes against the running config, sorted by how it can be applied.
 * {@code caches} and {@code loader} apply live. Every other section (Redis, ports, the sync
 * channel, limits, keyspace notifications, reload itself) is wired into connections, listeners and
 * threads at start, so a change there only takes effect on restart; a section added to the config
 * later falls on that side too until someone makes it live.
 */
public record ConfigChanges(
    List<CacheConfig> added,
    List<CacheConfig> removed,
    List<CacheChange> changed,
    List<FieldChange> loader,
    List<FieldChange> restartRequired) {

  /** The top-level sections a running sidecar can take without a restart. */
  public static final Set<String> LIVE_SECTIONS = Set.of("caches", "loader");

  /**
   * Fields outside those sections that apply live all the same: the heap share (and the heap it
   * divides, which is the JVM's, not the file's) only sizes the caches that set no bound, and their
   * new bounds are compared with the caches.
   */
  public static final Set<String> LIVE_FIELDS = Set.of("limits.l1HeapShare", "limits.heapBytes");

  public ConfigChanges {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
    loader = List.copyOf(loader);
    restartRequired = List.copyOf(restartRequired);
  }

  public static ConfigChanges between(SidecarConfig running, SidecarConfig next) {
    List<FieldChange> loader = FieldChange.between("loader", running.loader(), next.loader());
    boolean loaderChanged = !loader.isEmpty();
    Map<String, CacheConfig> before = byName(running.caches());
    // the channel changes on restart only, and the default L2 prefixes with it
    String fileChannel = next.sync().channel();
    String runningChannel = running.sync().channel();
    Map<String, CacheConfig> after =
        byName(next.caches().stream().map(c -> c.onChannel(fileChannel, runningChannel)).toList());
    List<CacheConfig> added = new ArrayList<>();
    List<CacheConfig> removed = new ArrayList<>();
    List<CacheChange> changed = new ArrayList<>();
    after.forEach(
        (name, c) -> {
          CacheConfig old = before.get(name);
          if (old == null) {
            added.add(c);
          } else {
            CacheChange change = CacheChange.of(old, c, loaderChanged);
            if (change != null) changed.add(change);
          }
        });
    before.forEach(
        (name, c) -> {
          if (!after.containsKey(name)) removed.add(c);
        });
    return new ConfigChanges(
        added,
        removed,
        changed,
        loader,
        FieldChange.between("", running, next, LIVE_SECTIONS).stream()
            .filter(f -> !LIVE_FIELDS.contains(f.path()))
            .toList());
  }

  public boolean loaderChanged() {
    return !loader.isEmpty();
  }

  /** Whether anything applies live. */
  public boolean live() {
    return loaderChanged() || !added.isEmpty() || !removed.isEmpty() || !changed.isEmpty();
  }

  public boolean none() {
    return !live() && restartRequired.isEmpty();
  }

  /** The restart-only fields by path, e.g. {@code [redis.url, grpc.port]}. */
  public List<String> restartFields() {
    return restartRequired.stream().map(FieldChange::path).toList();
  }

  /** What applies live, for the reload's log line. */
  public String describeLive() {
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) parts.add("added " + names(added));
    if (!removed.isEmpty()) parts.add("removed " + names(removed));
    changed.forEach(c -> parts.add(c.toString()));
    loader.forEach(f -> parts.add(f.toString()));
    return parts.isEmpty() ? "no cache changes" : String.join("; ", parts);
  }

  private static List<String> names(List<CacheConfig> caches) {
    return caches.stream().map(CacheConfig::name).toList();
  }

  private static Map<String, CacheConfig> byName(List<CacheConfig> caches) {
    Map<String, CacheConfig> m = new LinkedHashMap<>();
    caches.forEach(c -> m.put(c.name(), c));
    return m;
  }
}
