package io.cachesync.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * One-shot Redis commands over a raw RESP2 socket, for tests that must poke the server behind the
 * client under test ({@code CLIENT KILL TYPE pubsub}, {@code CONFIG GET ...}, {@code DEBUG SLEEP}).
 * Using a separate, trivial client keeps such pokes independent of the client being tested.
 */
public final class RedisCli {

  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private RedisCli() {}

  /**
   * Sends one command on a fresh connection and returns the reply as text: simple strings, integers
   * and bulk strings as themselves, a nil as {@code "(nil)"}, arrays as {@code "[a, b, ...]"}, and
   * an error reply as its message (e.g. {@code "ERR unknown command ..."}), not as an exception.
   *
   * @throws UncheckedIOException if the server cannot be reached or closes the connection
   */
  public static String command(String host, int port, String... args) {
    return authenticated(host, port, null, args);
  }

  /**
   * As {@link #command(String, int, String...)}, after {@code AUTH password} on the same connection
   * when {@code password} is not null; a refused AUTH is returned as its error text.
   */
  public static String authenticated(String host, int port, String password, String... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("no command given");
    }
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      // a node of a TLS topology listens with TLS only: speak it there, plain elsewhere
      Optional<SSLSocketFactory> tls = TlsPorts.of(port);
      Socket socket = tls.isPresent() ? tls.get().createSocket(plain, host, port, true) : plain;
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      if (password != null) out.write(encode("AUTH", password));
      out.write(encode(args));
      out.flush();
      BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
      if (password != null) {
        String auth = decode(in);
        if (!"OK".equals(auth)) return auth;
      }
      return decode(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "redis command " + args[0] + " to " + host + ":" + port + " failed: " + e.getMessage(),
          e);
    }
  }

  /**
   * RESP array of bulk strings: {@code *<n>\r\n} then {@code $<len>\r\n<bytes>\r\n} per argument.
   */
  static byte[] encode(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    writeAscii(buf, "*" + args.length + "\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      writeAscii(buf, "$" + bytes.length + "\r\n");
      buf.writeBytes(bytes);
      writeAscii(buf, "\r\n");
    }
    return buf.toByteArray();
  }

  /** Reads one RESP2 reply and renders it as text (see {@link #command}). */
  static String decode(InputStream in) throws IOException {
    int type = in.read();
    if (type == -1) {
      throw new EOFException("connection closed before a reply");
    }
    String line = readLine(in);
    switch (type) {
      case '+':
      case '-':
      case ':':
        return line;
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return "(nil)";
          }
          byte[] bytes = in.readNBytes(length);
          if (bytes.length < length) {
            throw new EOFException("connection closed inside a bulk reply");
          }
          readLine(in); // trailing CRLF
          return new String(bytes, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return "(nil)";
          }
          List<String> items = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            items.add(decode(in));
          }
          return items.toString();
        }
      default:
        throw new IOException(
            "unexpected RESP type byte '" + (char) type + "' followed by " + line);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c == -1) {
        throw new EOFException("connection closed inside a reply");
      }
      line.write(c);
    }
    byte[] bytes = line.toByteArray();
    int length =
        bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private static void writeAscii(ByteArrayOutputStream buf, String text) {
    buf.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }
}
