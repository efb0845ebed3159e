package io.cachesync.client;

import java.util.function.Function;

/**
 * Which sidecar address a client uses: an explicit one; else {@code CACHESYNC_SOCKET} (the pod's
 * Unix socket, which skips the TCP stack) when native epoll can open it; else {@code
 * CACHESYNC_TARGET}. The operator's injection sets both.
 */
final class TargetChoice {
  static final String SOCKET_ENV = "CACHESYNC_SOCKET";
  static final String TARGET_ENV = "CACHESYNC_TARGET";

  private TargetChoice() {}

  /**
   * @param explicit the builder's target, or null
   * @param env the environment (System::getenv in production)
   * @param unixSockets whether native epoll domain sockets are available
   * @throws IllegalArgumentException when nothing usable is set, saying what to set
   */
  static SidecarTarget choose(String explicit, Function<String, String> env, boolean unixSockets) {
    if (explicit != null) return usable(SidecarTarget.parse(explicit, "target"), unixSockets);
    String socket = blankToNull(env.apply(SOCKET_ENV));
    String target = blankToNull(env.apply(TARGET_ENV));
    if (socket != null && unixSockets) {
      return SidecarTarget.parse(
          socket.startsWith("unix:") ? socket : "unix://" + socket, SOCKET_ENV);
    }
    if (target != null) return usable(SidecarTarget.parse(target, TARGET_ENV), unixSockets);
    if (socket != null) {
      throw new IllegalArgumentException(
          SOCKET_ENV
              + " is set but native epoll is not available to open a Unix socket (add"
              + " io.netty:netty-transport-native-epoll for this platform), and "
              + TARGET_ENV
              + " is not set: set "
              + TARGET_ENV
              + "=127.0.0.1:<grpc port>");
    }
    throw new IllegalArgumentException(
        "no sidecar address: set "
            + SOCKET_ENV
            + " (the pod's Unix socket) or "
            + TARGET_ENV
            + " (host:port), as the CacheSync injection does, or call target(...) on the builder");
  }

  private static SidecarTarget usable(SidecarTarget t, boolean unixSockets) {
    if (t instanceof SidecarTarget.Unix && !unixSockets) {
      throw new IllegalArgumentException(
          t.source()
              + " '"
              + t
              + "' is a Unix socket, but native epoll is not available (add"
              + " io.netty:netty-transport-native-epoll for this platform, or use host:port)");
    }
    return t;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
