package io.cachesync.sidecar.config;

import java.time.Duration;

/** Where the sidecar serves: TCP on loopback, and optionally a Unix domain socket. */
public record GrpcConfig(String host, int port, String unixSocket, Duration drainTimeout) {

  public GrpcConfig {
    host = host == null || host.isBlank() ? "127.0.0.1" : host;
    if (port < 0 || port > 65535) {
      throw new ConfigException(
          "grpc.port: " + port + " is not a port (0 picks a free one, else 1-65535)");
    }
    unixSocket = unixSocket == null || unixSocket.isBlank() ? null : unixSocket;
    drainTimeout = drainTimeout == null ? Duration.ofSeconds(5) : drainTimeout;
  }

  public static GrpcConfig defaults() {
    return new GrpcConfig(null, 7070, null, null);
  }

  public GrpcConfig withPort(int p) {
    return new GrpcConfig(host, p, unixSocket, drainTimeout);
  }
}
