package io.cachesync.sidecar.config;

/**
 * How frames travel between sidecars. {@code PubSub}: at most once, a sidecar that lost its
 * subscription clears its caches. {@code Stream}: every frame is also kept in a capped Redis
 * Stream, and a sidecar that lost its connection reads on from where it was instead of clearing; it
 * clears only when the stream no longer holds that place (trimmed, or Redis lost it).
 */
public enum Delivery {
  PubSub,
  Stream
}
