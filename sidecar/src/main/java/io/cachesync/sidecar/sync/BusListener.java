package io.cachesync.sidecar.sync;

/** What the bus tells the rest of the sidecar. Called on the bus's I/O thread: return quickly. */
public interface BusListener {
  /** A peer's change, to apply locally. */
  void onPeerChange(String origin, Change change);

  /**
   * Messages may have been lost (a sequence gap, a reconnect of the subscription, a peer's
   * overflow): drop everything that could be stale.
   */
  void onRepair(String reason);

  void onStateChange(SyncState state);
}
