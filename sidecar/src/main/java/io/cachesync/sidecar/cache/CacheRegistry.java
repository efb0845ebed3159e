package io.cachesync.sidecar.cache;

import io.cachesync.sidecar.config.SidecarConfig;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sidecar's caches by name: built from the config at start, then changed by config reloads.
 * Readers (the bus, Stats, metrics) see one immutable snapshot per lookup, with no lock; the rare
 * writers copy the map.
 */
public final class CacheRegistry {
  private volatile Map<String, LocalCache> byName;

  public CacheRegistry(SidecarConfig config) {
    Map<String, LocalCache> m = new LinkedHashMap<>();
    config
        .caches()
        .forEach(c -> m.put(c.name(), new LocalCache(c, config.limits().fillTokenWindow())));
    this.byName = Collections.unmodifiableMap(m);
  }

  /** Null when no cache has that name. */
  public LocalCache find(String name) {
    return byName.get(name);
  }

  public Collection<LocalCache> all() {
    return byName.values();
  }

  public Collection<String> names() {
    return byName.keySet();
  }

  public void clearAll() {
    byName.values().forEach(LocalCache::clear);
  }

  /** Makes {@code cache} findable under its name, replacing any cache of that name. */
  public synchronized void add(LocalCache cache) {
    Map<String, LocalCache> m = new LinkedHashMap<>(byName);
    m.put(cache.name(), cache);
    byName = Collections.unmodifiableMap(m);
  }

  /** The cache no longer found under {@code name}, or null if there was none. */
  public synchronized LocalCache remove(String name) {
    Map<String, LocalCache> m = new LinkedHashMap<>(byName);
    LocalCache removed = m.remove(name);
    byName = Collections.unmodifiableMap(m);
    return removed;
  }
}
