package io.cachesync.operator.redis;

import io.lettuce.core.RedisURI;

/**
 * Which Redis server a URL names, as far as server-wide settings such as {@code
 * notify-keyspace-events} are concerned: host and port, without the database. A short host name is
 * a Service in the CacheSync's own namespace, so {@code redis} in two namespaces are two servers.
 */
public record RedisEndpoint(String host, int port) {

  public static RedisEndpoint of(String url, String namespace) {
    RedisURI uri = RedisURI.create(url);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase();
    if (!host.contains(".") && !host.contains(":") && !host.equals("localhost")) {
      host = host + "." + namespace;
    }
    return new RedisEndpoint(host, uri.getPort());
  }
}
