package io.cachesync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Asks the kernel for an unused loopback port. The port is released before the server meant for it
 * binds it, so another process could take it in between; {@link RedisServer} and {@link
 * io.cachesync.testsupport.sidecar.SidecarLauncher} retry with a fresh port when the server reports
 * "Address already in use".
 */
public final class FreePort {

  private FreePort() {}

  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }
}
