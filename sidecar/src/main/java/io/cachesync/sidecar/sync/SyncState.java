package io.cachesync.sidecar.sync;

/**
 * Where the invalidation bus stands; reads are served from L1 in every state once it was first
 * CONNECTED.
 */
public enum SyncState {
  /** Never subscribed yet: the sidecar is not ready. */
  CONNECTING,
  /** Subscribed and publishing. */
  CONNECTED,
  /**
   * Redis is unreachable: invalidations are buffered, peers' are missed (repaired on reconnect).
   */
  DEGRADED,
  /** Shut down. */
  CLOSED
}
