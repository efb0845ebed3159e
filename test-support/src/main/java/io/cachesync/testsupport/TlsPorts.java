package io.cachesync.testsupport;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;

/**
 * The loopback ports on which a test process of this JVM listens with TLS only, and how to reach
 * them. The fixtures' own commands ({@link RedisCli}, hence {@link RedisAddress#command}) look a
 * port up here, so every topology helper works unchanged whether its nodes speak TLS or not.
 */
final class TlsPorts {
  private static final ConcurrentHashMap<Integer, SSLSocketFactory> PORTS =
      new ConcurrentHashMap<>();

  private TlsPorts() {}

  static void register(int port, SSLSocketFactory factory) {
    PORTS.put(port, factory);
  }

  static void unregister(int port) {
    PORTS.remove(port);
  }

  /** The factory for a TLS-only port of this JVM's test processes; empty for a plain one. */
  static Optional<SSLSocketFactory> of(int port) {
    return Optional.ofNullable(PORTS.get(port));
  }
}
