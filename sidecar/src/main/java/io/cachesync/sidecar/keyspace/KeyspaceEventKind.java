package io.cachesync.sidecar.keyspace;

/**
 * What a Redis keyspace event means for a local copy. All three drop it; the kind only tells Watch
 * clients why, so they can tell a TTL running out in L2 from a writer changing the value.
 */
public enum KeyspaceEventKind {
  /** Redis expired the key (event {@code expired}). */
  EXPIRED,
  /** The key is gone: {@code del}, {@code unlink}, {@code evicted}, {@code rename_from}. */
  DELETED,
  /** The key was written: {@code set}, {@code rename_to}, {@code expire}, any other write. */
  UPDATED;

  /**
   * The kind of a Redis event name (the part of {@code __keyevent@<db>__:<event>} after the colon).
   * Events not listed are writes: whatever else a writer did to the key, the local copy may be
   * stale.
   */
  public static KeyspaceEventKind of(String event) {
    return switch (event) {
      case "expired" -> EXPIRED;
      // rename_from: the source key no longer exists under its old name
      case "evicted", "del", "unlink", "rename_from" -> DELETED;
      default -> UPDATED;
    };
  }
}
