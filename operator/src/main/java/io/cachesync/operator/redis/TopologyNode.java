package io.cachesync.operator.redis;

import io.lettuce.core.RedisURI;

/**
 * One data node of a Sentinel or Cluster setup, as the sentinels or {@code CLUSTER NODES} announce
 * it, and its role now. Nodes are told apart by {@code host:port}, which is how status messages and
 * the keyspace ledger name them.
 */
public record TopologyNode(RedisEndpoint endpoint, Role role) {

  public enum Role {
    MASTER,
    REPLICA
  }

  public boolean master() {
    return role == Role.MASTER;
  }

  public String hostPort() {
    return endpoint.hostPort();
  }

  /** {@code 10.0.0.7:6379 (replica)}: how messages name a node. */
  public String describe() {
    return hostPort() + " (" + (master() ? "master" : "replica") + ")";
  }

  /**
   * A URI for this node with the scheme's TLS and the database of the CacheSync's {@code url}
   * (redis://, rediss://, redis-sentinel:// or rediss-sentinel://): every node speaks as the
   * sidecars' connection to it would.
   */
  RedisURI uri(String url) {
    RedisURI like = RedisURI.create(url);
    return RedisURI.builder()
        .withHost(endpoint.host())
        .withPort(endpoint.port())
        .withSsl(url.startsWith("rediss"))
        .withDatabase(like.getDatabase())
        .build();
  }
}
