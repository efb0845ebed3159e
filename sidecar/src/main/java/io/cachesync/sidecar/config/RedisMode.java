package io.cachesync.sidecar.config;

/**
 * How Redis is deployed, which decides what {@code redis.url} names. {@code Standalone}: one server
 * (redis://host:port). {@code Sentinel}: the sentinels that know the master of a name
 * (redis-sentinel://host1:26379,host2:26379#mymaster); every connection goes to the master they
 * report, and asks them again when it reconnects. {@code Cluster} is not supported yet.
 */
public enum RedisMode {
  Standalone,
  Sentinel,
  Cluster
}
