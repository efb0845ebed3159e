package io.cachesync.operator.model;

/** What a sidecar does with its caches after its subscription was lost. */
public enum OnReconnect {
  Clear
}
