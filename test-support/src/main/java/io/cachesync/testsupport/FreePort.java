package io.cachesync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Asks the kernel for an unused loopback port. The port is released before redis-server binds it,
 * so another process could take it in between; {@link RedisServer} retries with a fresh port when
 * the server reports "Address already in use".
 */
final class FreePort {

  private FreePort() {}

  static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }
}
