package io.cachesync.testsupport;

/**
 * One way of running a redis-server on a given loopback port.
 *
 * <p>{@link RedisServer} owns the lifecycle (port, arguments, readiness, logs); a backend only
 * knows how to launch and kill one server, so the three providers can share everything else and a
 * restart is just {@code kill()} followed by {@code launch(samePort)}.
 */
interface Backend {

  /** Launches the server on {@code port}; returns without waiting for readiness. */
  void launch(int port) throws Exception;

  /** Kills the server without letting it save anything; a no-op when it is not running. */
  void kill();

  /** True while the server process (or container) is alive. */
  boolean alive();
}
