package io.cachesync.sidecar.config;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

/**
 * Where the sidecar serves: TCP on loopback, and optionally a Unix domain socket with the file mode
 * {@code unixSocketMode} (octal, read and write bits only).
 */
public record GrpcConfig(
    String host, int port, String unixSocket, Duration drainTimeout, String unixSocketMode) {

  /** Owner and group: for a socket whose folder others may reach too. */
  public static final String DEFAULT_SOCKET_MODE = "0660";

  public GrpcConfig {
    host = host == null || host.isBlank() ? "127.0.0.1" : host;
    if (port < 0 || port > 65535) {
      throw new ConfigException(
          "grpc.port: " + port + " is not a port (0 picks a free one, else 1-65535)");
    }
    unixSocket = unixSocket == null || unixSocket.isBlank() ? null : unixSocket;
    drainTimeout = drainTimeout == null ? Duration.ofSeconds(5) : drainTimeout;
    unixSocketMode =
        unixSocketMode == null || unixSocketMode.isBlank()
            ? DEFAULT_SOCKET_MODE
            : unixSocketMode.trim();
    if (!unixSocketMode.matches("0?[0246][0246][0246]")) {
      throw new ConfigException(
          "grpc.unixSocketMode: '"
              + unixSocketMode
              + "' must be an octal file mode with read and write bits only, e.g. 0660 (owner and"
              + " group) or 0666 (every user who reaches the folder)");
    }
  }

  public GrpcConfig(String host, int port, String unixSocket, Duration drainTimeout) {
    this(host, port, unixSocket, drainTimeout, null);
  }

  public static GrpcConfig defaults() {
    return new GrpcConfig(null, 7070, null, null, null);
  }

  public GrpcConfig withPort(int p) {
    return new GrpcConfig(host, p, unixSocket, drainTimeout, unixSocketMode);
  }

  /** {@link #unixSocketMode} as permissions, e.g. {@code rw-rw----} for 0660. */
  public Set<PosixFilePermission> socketPermissions() {
    String octal = unixSocketMode.substring(unixSocketMode.length() - 3);
    StringBuilder rwx = new StringBuilder();
    for (char digit : octal.toCharArray()) {
      int bits = digit - '0';
      rwx.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append('-');
    }
    return PosixFilePermissions.fromString(rwx.toString());
  }
}
