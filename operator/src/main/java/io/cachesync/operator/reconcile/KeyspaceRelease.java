package io.cachesync.operator.reconcile;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.redis.KeyspaceFlags;
import io.cachesync.operator.redis.RedisEndpoint;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a deleted CacheSync gives back: the {@code notify-keyspace-events} flags it added, less
 * those another CacheSync on the same Redis server still asks for (the setting is server-wide).
 * Flags it keeps for others are handed over to them, so the last one to go takes them back.
 */
record KeyspaceRelease(String withdraw, Map<CacheSync, String> handOver) {

  static KeyspaceRelease of(CacheSync leaving, Collection<CacheSync> all) {
    String added = CacheSyncReconciler.flagsOf(leaving);
    Map<CacheSync, String> heirs = new LinkedHashMap<>();
    RedisEndpoint server = endpoint(leaving);
    if (added.isEmpty() || server == null) return new KeyspaceRelease(added, heirs);
    StringBuilder stillNeeded = new StringBuilder();
    for (CacheSync other : all) {
      if (sameResource(other, leaving) || other.isMarkedForDeletion()) continue;
      var events = other.getSpec().getKeyspaceNotifications();
      if (events == null || events.getEvents() == null || events.getEvents().isEmpty()) continue;
      if (!server.equals(endpoint(other))) continue;
      String needs = KeyspaceFlags.required(events.getEvents());
      String inherits = KeyspaceFlags.common(added, needs);
      if (!inherits.isEmpty()) heirs.put(other, inherits);
      stillNeeded.append(needs);
    }
    return new KeyspaceRelease(KeyspaceFlags.without(added, stillNeeded.toString()), heirs);
  }

  /** Null for a URL Lettuce cannot parse: that CacheSync never got flags from any server. */
  private static RedisEndpoint endpoint(CacheSync cs) {
    try {
      return RedisEndpoint.of(
          SidecarConfigRenderer.redisUrl(cs.getSpec().getRedis()), cs.getMetadata().getNamespace());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean sameResource(CacheSync a, CacheSync b) {
    return a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace())
        && a.getMetadata().getName().equals(b.getMetadata().getName());
  }
}
