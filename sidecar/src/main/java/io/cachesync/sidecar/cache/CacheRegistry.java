package io.cachesync.sidecar.cache;

import io.cachesync.sidecar.config.SidecarConfig;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The sidecar's caches by name, built once from the config. */
public final class CacheRegistry {
  private final Map<String, LocalCache> byName;

  public CacheRegistry(SidecarConfig config) {
    Map<String, LocalCache> m = new LinkedHashMap<>();
    config
        .caches()
        .forEach(c -> m.put(c.name(), new LocalCache(c, config.limits().fillTokenWindow())));
    this.byName = Map.copyOf(m);
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
}
