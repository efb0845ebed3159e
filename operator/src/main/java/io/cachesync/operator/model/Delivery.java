package io.cachesync.operator.model;

/**
 * How invalidations travel between sidecars. A Stream mode (replay instead of clear) is planned.
 */
public enum Delivery {
  PubSub
}
