package io.cachesync.sidecar;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.sidecar.cache.CacheRegistry;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.grpc.ServingGate;
import io.cachesync.sidecar.grpc.WatchHub;
import io.cachesync.sidecar.keyspace.KeyspaceEventKind;
import io.cachesync.sidecar.keyspace.KeyspaceSink;
import io.cachesync.sidecar.keyspace.NotificationsStatus;
import io.cachesync.sidecar.sync.BusListener;
import io.cachesync.sidecar.sync.Change;
import io.cachesync.sidecar.sync.SyncState;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus back into the cache: peers' changes applied to L1 and told to watchers; repairs;
 * readiness.
 */
final class SyncedCaches implements BusListener, KeyspaceSink {
  private static final Logger log = LoggerFactory.getLogger(SyncedCaches.class);

  private final CacheRegistry caches;
  private final WatchHub watchers;
  private final ServingGate gate;
  private final HealthStatusManager health;
  private final Supplier<String> self;

  /** The origin of Watch events that came from Redis keyspace notifications, not from a sidecar. */
  static final String KEYSPACE_ORIGIN = "redis-keyspace";

  private volatile NotificationsStatus keyspaceStatus;
  private volatile boolean busConnected;
  private volatile boolean dataConnected;

  SyncedCaches(
      CacheRegistry caches,
      WatchHub watchers,
      ServingGate gate,
      HealthStatusManager health,
      Supplier<String> self,
      boolean needsData) {
    this.caches = caches;
    this.watchers = watchers;
    this.gate = gate;
    this.health = health;
    this.self = self;
    this.dataConnected = !needsData;
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
    keyspaceStatus = status;
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

  NotificationsStatus keyspaceStatus() {
    return keyspaceStatus;
  }

  @Override
  public void onStateChange(SyncState state) {
    busConnected = busConnected || state == SyncState.CONNECTED;
    maybeServe();
  }

  /** The data connection (L2, write-behind) came up: it may have been the last thing missing. */
  void dataConnected() {
    dataConnected = true;
    maybeServe();
  }

  /** SERVING once the channel is subscribed and, where caches use L2, the data connection is up. */
  private synchronized void maybeServe() {
    if (busConnected && dataConnected && gate.phase() == ServingGate.Phase.STARTING) {
      gate.serving();
      health.setStatus("", ServingStatus.SERVING);
      health.setStatus(Sidecar.SERVICE_NAME, ServingStatus.SERVING);
      log.info("serving: the invalidation channel is subscribed");
    }
  }
}
