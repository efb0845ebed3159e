package io.cachesync.operator.model;

/** The Redis topology. Sentinel and Cluster are not supported yet. */
public enum RedisMode {
  Standalone
}
