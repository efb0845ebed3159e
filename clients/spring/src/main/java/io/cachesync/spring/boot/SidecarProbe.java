package io.cachesync.spring.boot;

import io.cachesync.client.CacheSyncException;
import io.cachesync.spring.cache.CacheSyncCache;
import io.cachesync.spring.cache.CacheSyncCacheManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the health contributor reports, apart from Boot's health API (whose package differs between
 * Boot 3 and 4): one Get of a probe key per cache made so far, so a sidecar that is down, draining,
 * or does not serve a cache the application uses shows as DOWN with the sidecar's own message.
 */
public final class SidecarProbe {
  static final String PROBE_KEY = "cachesync-health-probe";

  /** UP or DOWN, and what to show. */
  public record Result(boolean up, Map<String, Object> details) {}

  private final CacheSyncCacheManager manager;

  public SidecarProbe(CacheSyncCacheManager manager) {
    this.manager = manager;
  }

  public Result probe() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("target", manager.client().target());
    details.put("l0Live", manager.client().l0Live());
    details.put("l0Size", manager.client().l0Size());
    boolean up = true;
    Map<String, String> caches = new LinkedHashMap<>();
    for (CacheSyncCache cache : manager.caches()) {
      try {
        cache.getNativeCache().get(PROBE_KEY);
        caches.put(cache.getName(), "UP");
      } catch (CacheSyncException e) {
        up = false;
        caches.put(cache.getName(), e.code() + ": " + e.getMessage());
      }
    }
    details.put("caches", caches);
    return new Result(up, details);
  }
}
