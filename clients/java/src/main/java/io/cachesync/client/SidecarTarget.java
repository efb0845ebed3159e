package io.cachesync.client;

import java.net.URI;

/**
 * Where the sidecar listens: a TCP {@code host:port} or a Unix socket path. Parsed once, so a bad
 * value fails when the client is built, naming where it came from.
 */
public sealed interface SidecarTarget {
  /** Where the value came from, for messages: {@code CACHESYNC_TARGET}, {@code target(...)}. */
  String source();

  record Tcp(String host, int port, String source) implements SidecarTarget {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  record Unix(String path, String source) implements SidecarTarget {
    @Override
    public String toString() {
      return "unix://" + path;
    }
  }

  /**
   * @param value {@code host:port}, {@code [v6]:port}, {@code unix:///path} or {@code unix:/path}
   * @param source where it came from, quoted in the error
   * @throws IllegalArgumentException naming the source and the forms it accepts
   */
  static SidecarTarget parse(String value, String source) {
    String v = value == null ? "" : value.trim();
    if (v.startsWith("unix:")) {
      String path;
      try {
        path = v.startsWith("unix://") ? URI.create(v).getPath() : v.substring(5);
      } catch (IllegalArgumentException e) {
        throw bad(value, source);
      }
      if (path == null || !path.startsWith("/")) throw bad(value, source);
      return new Unix(path, source);
    }
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) throw bad(value, source);
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    if (host.isEmpty() || host.contains("/") || host.contains(" ")) throw bad(value, source);
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw bad(value, source);
    }
    if (port < 1 || port > 65_535) throw bad(value, source);
    return new Tcp(host, port, source);
  }

  private static IllegalArgumentException bad(String value, String source) {
    return new IllegalArgumentException(
        source
            + " '"
            + value
            + "' is not a sidecar address: use host:port (127.0.0.1:7070) or unix:///path/to/cache.sock");
  }
}
