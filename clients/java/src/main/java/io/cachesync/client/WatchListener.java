package io.cachesync.client;

/**
 * Told what changes in a cache. Called on one thread of the client's, in order; a slow listener
 * delays the next calls, never the stream (whose sidecar cuts a reader that falls behind).
 */
public interface WatchListener {
  void onChange(CacheChange change);

  /**
   * The stream is established (again): from here on every change is reported. After a break,
   * anything cached from before may be stale.
   */
  default void onSubscribed() {}

  /**
   * The stream broke (sidecar restarted, draining, unreachable): changes may have been missed until
   * the next {@link #onSubscribed()}. The client opens it again by itself, with a backoff. Told
   * once per break, not per failed attempt to reopen.
   */
  default void onStreamBroken(Throwable cause) {}
}
