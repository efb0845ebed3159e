package io.cachesync.sidecar;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.sidecar.cache.CacheRegistry;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.grpc.WatchHub;
import io.cachesync.sidecar.keyspace.KeyspaceEventKind;
import io.cachesync.sidecar.keyspace.KeyspaceSink;
import io.cachesync.sidecar.keyspace.NotificationsStatus;
import io.cachesync.sidecar.sync.BusListener;
import io.cachesync.sidecar.sync.Change;
import io.cachesync.sidecar.sync.SyncState;
import java.util.List;
import java.util.function.Supplier;

/**
 * The bus back into the cache: peers' changes applied to L1 and told to watchers; repairs; keyspace
 * events. States go on to {@link Readiness}.
 */
final class SyncedCaches implements BusListener, KeyspaceSink {
  private final CacheRegistry caches;
  private final WatchHub watchers;
  private final Readiness readiness;
  private final Supplier<String> self;

  /** The origin of Watch events that came from Redis keyspace notifications, not from a sidecar. */
  static final String KEYSPACE_ORIGIN = "redis-keyspace";

  SyncedCaches(
      CacheRegistry caches, WatchHub watchers, Readiness readiness, Supplier<String> self) {
    this.caches = caches;
    this.watchers = watchers;
    this.readiness = readiness;
    this.self = self;
  }

  @Override
  public void onPeerChange(String origin, Change change) {
    LocalCache cache = caches.find(change.cache());
    if (cache == null) return; // a peer with a newer config: nothing of ours to drop
    switch (change.kind()) {
      case CLEARED -> cache.clear();
      default -> {
        cache.invalidateAll(change.keys());
        cache.countReceived(change.keys().size());
      }
    }
    watchers.publish(
        CacheEvent.Kind.forNumber(change.kind().code()), change.cache(), change.keys(), origin);
  }

  @Override
  public void onRepair(String reason) {
    caches.clearAll();
    for (LocalCache c : caches.all())
      watchers.publish(CacheEvent.Kind.CLEARED, c.name(), List.of(), self.get());
  }

  @Override
  public void onKeyspaceEvent(String cache, String key, KeyspaceEventKind kind) {
    LocalCache c = caches.find(cache);
    if (c == null) return;
    c.invalidate(key);
    watchers.publish(
        switch (kind) {
          case EXPIRED -> CacheEvent.Kind.EXPIRED;
          case DELETED -> CacheEvent.Kind.DELETED;
          case UPDATED -> CacheEvent.Kind.UPDATED;
        },
        cache,
        List.of(key),
        KEYSPACE_ORIGIN);
  }

  @Override
  public void onNotificationsStatus(NotificationsStatus status) {
    readiness.keyspace(status);
  }

  /**
   * Keyspace events published while the listener was away are lost: L2-backed copies may be stale.
   */
  @Override
  public void onEventsMissed(String reason) {
    for (LocalCache c : caches.all()) {
      if (c.config().l2().enabled()) {
        c.clear();
        watchers.publish(CacheEvent.Kind.CLEARED, c.name(), List.of(), self.get());
      }
    }
  }

  @Override
  public void onStateChange(SyncState state) {
    readiness.bus(state);
  }
}
