package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.redis.KeyspaceFlags;
import io.cachesync.operator.redis.RedisEndpoint;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a CacheSync gives back on the server it added flags on, when it is deleted or its spec moves
 * to another server: the {@code notify-keyspace-events} flags it added there, less those another
 * CacheSync on that server still asks for (the setting is server-wide). Flags it keeps for others
 * are handed over to them, so the last one to go takes them back.
 */
record KeyspaceRelease(RedisEndpoint server, String withdraw, Map<CacheSync, String> handOver) {

  static KeyspaceRelease of(CacheSync leaving, Collection<CacheSync> all) {
    AddedFlags added = AddedFlags.of(leaving);
    Map<CacheSync, String> heirs = new LinkedHashMap<>();
    if (added.isEmpty()) return new KeyspaceRelease(added.server(), added.flags(), heirs);
    StringBuilder stillNeeded = new StringBuilder();
    for (CacheSync other : all) {
      if (sameResource(other, leaving) || other.isMarkedForDeletion()) continue;
      var events = other.getSpec().getKeyspaceNotifications();
      if (events == null || events.getEvents() == null || events.getEvents().isEmpty()) continue;
      if (!added.server().equals(AddedFlags.serverOf(other))) continue;
      String needs = KeyspaceFlags.required(events.getEvents());
      String inherits = KeyspaceFlags.common(added.flags(), needs);
      if (!inherits.isEmpty()) heirs.put(other, inherits);
      stillNeeded.append(needs);
    }
    return new KeyspaceRelease(
        added.server(), KeyspaceFlags.without(added.flags(), stillNeeded.toString()), heirs);
  }

  private static boolean sameResource(CacheSync a, CacheSync b) {
    return a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace())
        && a.getMetadata().getName().equals(b.getMetadata().getName());
  }
}
