package io.cachesync.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocketFactory;

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
    return pong(host, port, null);
  }

  /** As {@link #pong(String, int)}, over TLS when {@code tls} is not null. */
  static boolean pong(String host, int port, SSLSocketFactory tls) {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      Socket socket = tls == null ? plain : tls.createSocket(plain, host, port, true);
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
