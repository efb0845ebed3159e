package io.cachesync.testsupport;

/** Where one Redis process of a topology listens; prints as {@code host:port}. */
public record RedisAddress(String host, int port) {

  public RedisAddress {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("no host");
    if (port <= 0 || port > 65_535) throw new IllegalArgumentException("bad port " + port);
  }

  static RedisAddress loopback(int port) {
    return new RedisAddress(RedisServer.LOOPBACK, port);
  }

  /** {@code redis://host:port}, the form Lettuce's standalone and cluster clients take. */
  public String uri() {
    return "redis://" + this;
  }

  /** Sends one command to this address (see {@link RedisCli#command}). */
  public String command(String... args) {
    return RedisCli.command(host, port, args);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
