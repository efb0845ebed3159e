package io.cachesync.operator.model;

/**
 * How invalidations travel between sidecars: {@code PubSub} (at most once; a sidecar that lost its
 * subscription clears its caches) or {@code Stream} (kept in a capped Redis Stream; a sidecar that
 * could not read reads on where it stopped, and clears only when its place is gone).
 */
public enum Delivery {
  PubSub,
  Stream
}
