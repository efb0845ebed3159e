package io.cachesync.sidecar.strategy;

import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.sync.Change;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.sync.InvalidationBus;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Telling the other sidecars: counts what was sent per cache and hands it to the bus. */
public final class Peers {
  private final InvalidationBus bus;

  public Peers(InvalidationBus bus) {
    this.bus = bus;
  }

  CompletableFuture<Void> drop(LocalCache cache, ChangeKind kind, List<String> keys) {
    cache.countSent(keys.size());
    return bus.publish(Change.keys(kind, cache.name(), keys));
  }

  CompletableFuture<Void> clear(LocalCache cache) {
    return bus.publish(Change.cleared(cache.name()));
  }
}
