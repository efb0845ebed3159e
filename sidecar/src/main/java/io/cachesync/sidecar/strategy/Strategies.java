package io.cachesync.sidecar.strategy;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each cache's strategy by name: what a request finds when it names a cache. Config reloads put and
 * remove strategies; a request reads one immutable snapshot, with no lock. A request that found a
 * strategy just before a reload replaced it finishes on that one.
 */
public final class Strategies {
  private volatile Map<String, CacheStrategy> byName = Map.of();

  /** Null when no cache has that name. */
  public CacheStrategy find(String name) {
    return byName.get(name);
  }

  public Collection<String> names() {
    return byName.keySet();
  }

  /** Serves {@code strategy}'s cache by its name from now on, replacing what served it before. */
  public synchronized void put(CacheStrategy strategy) {
    Map<String, CacheStrategy> m = new LinkedHashMap<>(byName);
    m.put(strategy.cache().name(), strategy);
    byName = Collections.unmodifiableMap(m);
  }

  /** Requests naming {@code name} find no cache from now on. */
  public synchronized void remove(String name) {
    Map<String, CacheStrategy> m = new LinkedHashMap<>(byName);
    m.remove(name);
    byName = Collections.unmodifiableMap(m);
  }
}
