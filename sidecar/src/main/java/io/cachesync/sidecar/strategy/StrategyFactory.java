package io.cachesync.sidecar.strategy;

import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.tier.L2Tier;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import java.util.function.Function;

/**
 * Composes one cache's strategy from its config and the pieces it needs. Building one has no side
 * effects (no thread, no connection), so a config reload can build a replacement freely.
 */
public final class StrategyFactory {
  private final Function<CacheConfig, L2Tier> tiers;
  private final Peers peers;
  private final Function<CacheConfig, WriteBehindStream> streams;

  public StrategyFactory(
      Function<CacheConfig, L2Tier> tiers,
      Peers peers,
      Function<CacheConfig, WriteBehindStream> streams) {
    this.tiers = tiers;
    this.peers = peers;
    this.streams = streams;
  }

  /**
   * The strategy {@code config} asks for, over {@code l1}.
   *
   * @param loader the application's CacheLoader; null only when no cache needs one
   */
  public CacheStrategy create(CacheConfig config, LocalCache l1, LoaderClient loader) {
    if (config.needsLoader() && loader == null) {
      throw new IllegalStateException(
          "cache " + config.name() + " is " + config.strategy() + " but loader.target is not set");
    }
    L2Tier l2 = config.l2().enabled() ? tiers.apply(config) : null;
    return switch (config.strategy()) {
      case LookAside -> new CacheStrategy(l1, l2, peers);
      case ReadThrough -> new ReadThroughStrategy(l1, l2, peers, loader);
      case WriteThrough -> new WriteThroughStrategy(l1, l2, peers, loader);
      case WriteAround -> new WriteAroundStrategy(l1, l2, peers, loader);
      case WriteBehind -> {
        WriteBehindStream stream = streams.apply(config);
        yield new WriteBehindStrategy(l1, l2.readingPendingWrites(stream), peers, loader, stream);
      }
    };
  }
}
