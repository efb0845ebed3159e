package io.cachesync.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Readiness probe: a raw {@code PING} over a plain socket. This module deliberately has no Redis
 * client library, so the modules under test choose their own client without version clashes.
 */
final class Ping {

  private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int TIMEOUT_MILLIS = 500;

  private Ping() {}

  /**
   * True when the server at {@code host:port} answers right now: {@code +PONG}, or {@code -NOAUTH}
   * from a server started with {@code requirepass} (it is up; it just wants a password).
   */
  static boolean pong(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.getOutputStream().write(PING);
      socket.getOutputStream().flush();
      String reply = readLine(socket.getInputStream());
      return "+PONG".equals(reply) || reply.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
