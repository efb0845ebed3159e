package io.cachesync.operator.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which Redis server a URL names, as far as server-wide settings such as {@code
 * notify-keyspace-events} are concerned: host and port, without the database. A short host name is
 * a Service in the CacheSync's own namespace, so {@code redis} in two namespaces are two servers.
 */
public record RedisEndpoint(String host, int port) {

  public static RedisEndpoint of(String url, String namespace) {
    RedisURI uri = RedisURI.create(url);
    if (uri.getSentinelMasterId() != null) {
      // a master behind sentinels: its name and the sentinels say which, not a host that changes
      List<String> sentinels = new ArrayList<>();
      for (RedisURI s : uri.getSentinels()) {
        sentinels.add(qualified(s.getHost(), namespace) + ":" + s.getPort());
      }
      Collections.sort(sentinels);
      return new RedisEndpoint(uri.getSentinelMasterId() + "@" + String.join(",", sentinels), 0);
    }
    return new RedisEndpoint(qualified(uri.getHost(), namespace), uri.getPort());
  }

  private static String qualified(String host, String namespace) {
    String h = host == null ? "" : host.toLowerCase();
    if (!h.contains(".") && !h.contains(":") && !h.equals("localhost")) h = h + "." + namespace;
    return h;
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
