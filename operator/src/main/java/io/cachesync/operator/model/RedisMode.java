package io.cachesync.operator.model;

/**
 * The Redis topology. Sentinel: the url names the sentinels and the master
 * (redis-sentinel://h1:26379,h2:26379#mymaster); the sidecars follow failovers. Cluster is not
 * supported yet.
 */
public enum RedisMode {
  Standalone,
  Sentinel
}
