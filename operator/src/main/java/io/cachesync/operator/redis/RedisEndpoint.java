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

  /** The inverse of {@link #hostPort()}; null for a value that is not {@code host:port}. */
  public static RedisEndpoint parse(String hostPort) {
    int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
    if (colon <= 0) return null;
    try {
      String host = hostPort.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
      return new RedisEndpoint(host, Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code host:port}, an IPv6 host in brackets: how the status records a server. */
  public String hostPort() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** A URL for this server with the scheme of {@code like} (redis:// or rediss://). */
  public String urlLike(String like) {
    int query = like.indexOf('?'); // options such as timeouts or TLS verification still apply
    return (like.startsWith("rediss://") ? "rediss://" : "redis://")
        + hostPort()
        + (query < 0 ? "" : like.substring(query));
  }
}
