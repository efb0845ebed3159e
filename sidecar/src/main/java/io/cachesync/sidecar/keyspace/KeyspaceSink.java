package io.cachesync.sidecar.keyspace;

/**
 * Where the keyspace listener delivers what Redis told it; the sidecar drops the L1 entry and emits
 * a Watch event. Events come on the listener's I/O thread, in the order Redis sent them; the status
 * comes from the listener's own thread. Return quickly.
 */
public interface KeyspaceSink {
  /** A key under a cache's L2 prefix changed in Redis, by a writer other than this sidecar. */
  void onKeyspaceEvent(String cache, String key, KeyspaceEventKind kind);

  /**
   * Whether Redis is set up to send the events the listener needs; reported after every
   * (re)subscription, so health can say what an operator must change.
   */
  void onNotificationsStatus(NotificationsStatus status);

  /**
   * The subscription was re-established after a disconnect: events published while it was down are
   * lost (Pub/Sub keeps nothing), so local copies of L2-backed caches may be stale. A repair, never
   * silence; the default does nothing, leaving the entries to their TTL.
   */
  default void onEventsMissed(String reason) {}
}
