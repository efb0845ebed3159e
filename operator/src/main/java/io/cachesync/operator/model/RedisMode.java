package io.cachesync.operator.model;

/**
 * The Redis topology. Sentinel: the url names the sentinels and the master
 * (redis-sentinel://h1:26379,h2:26379#mymaster); the sidecars follow failovers. Cluster: the url
 * names one seed node (redis://host:6379) and the rest of the cluster is discovered from it.
 */
public enum RedisMode {
  Standalone,
  Sentinel,
  Cluster
}
