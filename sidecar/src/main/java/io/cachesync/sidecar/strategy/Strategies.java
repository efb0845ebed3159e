package io.cachesync.sidecar.strategy;

import io.cachesync.sidecar.cache.CacheRegistry;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.tier.L2Tier;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Each cache's strategy by name, composed once from its config and the pieces it needs. */
public final class Strategies {
  private final Map<String, CacheStrategy> byName;

  public Strategies(
      CacheRegistry caches,
      Function<CacheConfig, L2Tier> tiers,
      Peers peers,
      LoaderClient loader,
      Function<CacheConfig, WriteBehindStream> streams) {
    Map<String, CacheStrategy> m = new HashMap<>();
    for (LocalCache l1 : caches.all()) {
      CacheConfig c = l1.config();
      L2Tier l2 = c.l2().enabled() ? tiers.apply(c) : null;
      m.put(
          c.name(),
          switch (c.strategy()) {
            case LookAside -> new CacheStrategy(l1, l2, peers);
            case ReadThrough -> new ReadThroughStrategy(l1, l2, peers, loader);
            case WriteThrough -> new WriteThroughStrategy(l1, l2, peers, loader);
            case WriteAround -> new WriteAroundStrategy(l1, l2, peers, loader);
            case WriteBehind -> new WriteBehindStrategy(l1, l2, peers, loader, streams.apply(c));
          });
    }
    this.byName = Map.copyOf(m);
  }

  /** Null when no cache has that name. */
  public CacheStrategy find(String name) {
    return byName.get(name);
  }

  public Collection<String> names() {
    return byName.keySet();
  }
}
