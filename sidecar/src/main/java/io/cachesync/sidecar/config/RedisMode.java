package io.cachesync.sidecar.config;

/**
 * How Redis is deployed, which decides what {@code redis.url} names. {@code Standalone}: one server
 * (redis://host:port). {@code Sentinel}: the sentinels that know the master of a name
 * (redis-sentinel://host1:26379,host2:26379#mymaster); every connection goes to the master they
 * report, and asks them again when it reconnects. {@code Cluster}: one seed node of a Redis Cluster
 * (redis://host:port); the slots and nodes are discovered from it and refreshed (periodically, and
 * on MOVED/ASK, a failed connect or a failover).
 */
public enum RedisMode {
  Standalone,
  Sentinel,
  Cluster
}
