package io.cachesync.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis on a free 127.0.0.1 port, for tests and the demo.
 *
 * <p>Tests of a cache kept consistent through Redis need the real server (pub/sub, keyspace
 * notifications, client kills, restarts), not a mock. This class starts one from the first provider
 * that works on the machine, so the build needs nothing beyond a JDK:
 *
 * <ol>
 *   <li>a {@code redis-server} on the PATH (or named by {@code $CACHESYNC_REDIS_SERVER});
 *   <li>a {@code redis:7.0} container, when Testcontainers finds a Docker engine;
 *   <li>the redis-server binary bundled in {@code org.signal:embedded-redis}.
 * </ol>
 *
 * Every server runs without persistence on loopback; its output goes to a log file whose last lines
 * are quoted when it fails to start. {@link #stop()} kills it outright (as a crash would) and
 * {@link #restart()} brings it back on the same port with the same arguments, which is how tests
 * exercise reconnection.
 */
public final class RedisServer implements AutoCloseable {

  /** Where the servers listen and clients connect. */
  static final String LOOPBACK = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  private static final int PORT_ATTEMPTS = 5;
  private static final int LOG_TAIL_LINES = 20;

  /** The ways of getting a redis-server, in the order {@link #start(String...)} tries them. */
  public enum Provider {
    PATH_BINARY("redis-server on PATH"),
    TESTCONTAINERS("testcontainers"),
    EMBEDDED_REDIS("embedded-redis");

    private final String label;

    Provider(String label) {
      this.label = label;
    }

    /** The human-readable name returned by {@link RedisServer#provider()}. */
    public String label() {
      return label;
    }
  }

  private static volatile Boolean dockerAvailable;

  private final Provider provider;
  private final Backend backend;
  private final ServerLog log;
  private final Runnable cleanup;
  private final RedisTlsMode tls;
  private final javax.net.ssl.SSLSocketFactory pingTls;
  private int port;
  private boolean closed;

  private RedisServer(Provider provider, Backend backend, ServerLog log, RedisTlsMode tls) {
    this.provider = provider;
    this.backend = backend;
    this.log = log;
    this.tls = tls;
    this.pingTls = tls == null ? null : TlsPing.factory(tls);
    this.cleanup =
        () -> {
          backend.kill();
          log.delete();
        };
  }

  /**
   * Starts a server from the first available provider.
   *
   * @param extraArgs further redis-server directives, e.g. {@code "--notify-keyspace-events", "Ex"}
   * @throws IllegalStateException if the server does not start; the message quotes its log
   */
  public static RedisServer start(String... extraArgs) {
    return startWith(chooseProvider(), extraArgs);
  }

  /**
   * Starts a server from the given provider, so tests can cover each provider explicitly.
   *
   * @throws IllegalStateException if that provider is unavailable or the server does not start
   */
  public static RedisServer startWith(Provider provider, String... extraArgs) {
    return startWith(provider, null, extraArgs);
  }

  /**
   * Starts a redis-server from the PATH that listens with TLS only (its plain port is off), with
   * the certificates {@code tls} names; {@link #uri()} is then a {@code rediss://} URL.
   */
  public static RedisServer startTls(RedisTlsMode tls, String... extraArgs) {
    return startWith(Provider.PATH_BINARY, tls, extraArgs);
  }

  private static RedisServer startWith(Provider provider, RedisTlsMode tls, String... extraArgs) {
    List<String> extra = List.of(extraArgs);
    ServerLog log = ServerLog.create();
    Backend backend;
    try {
      backend = backendFor(provider, extra, log, tls);
    } catch (RuntimeException | LinkageError e) {
      log.delete();
      String why = e instanceof IllegalStateException ? e.getMessage() : e.toString();
      throw new IllegalStateException("cannot use provider " + provider.label() + ": " + why, e);
    }
    RedisServer server = new RedisServer(provider, backend, log, tls);
    server.launchOnFreePort();
    LOG.info("redis-server ({}) listening on {}", provider.label(), server.uri());
    return server;
  }

  /** Always {@code "127.0.0.1"}. */
  public String host() {
    return LOOPBACK;
  }

  public synchronized int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}, or {@code rediss://} for a server started with TLS. */
  public String uri() {
    return (tls == null ? "redis://" : "rediss://") + host() + ":" + port();
  }

  /** {@code "redis-server on PATH"}, {@code "testcontainers"} or {@code "embedded-redis"}. */
  public String provider() {
    return provider.label();
  }

  /** Kills the server without saving, like a crash. The port stays assigned to this object. */
  public synchronized void stop() {
    backend.kill();
  }

  /**
   * Starts the server again on the same port with the same arguments (killing it first if it is
   * still running) and returns once it answers PING.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("redis-server on port " + port + " is closed");
    }
    backend.kill();
    launch(port);
  }

  public synchronized boolean isRunning() {
    return backend.alive();
  }

  /** Stops the server and removes its temp dir; calling it again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ProcessReaper.unregister(cleanup);
    cleanup.run();
    if (tls != null) TlsPorts.unregister(port);
  }

  /** The log file with the server's stdout and stderr (deleted by {@link #close()}). */
  Path logFile() {
    return log.file();
  }

  private static Provider chooseProvider() {
    if (RedisBinaries.onPath().isPresent()) {
      return Provider.PATH_BINARY;
    }
    if (dockerAvailable()) {
      return Provider.TESTCONTAINERS;
    }
    return Provider.EMBEDDED_REDIS;
  }

  /** Asks Testcontainers once per JVM; any failure of Testcontainers itself counts as "no". */
  static boolean dockerAvailable() {
    Boolean known = dockerAvailable;
    if (known == null) {
      try {
        known = ContainerBackend.dockerAvailable();
      } catch (Throwable e) { // NoClassDefFoundError and friends included, on purpose
        LOG.debug("Testcontainers unusable, skipping it: {}", e.toString());
        known = false;
      }
      dockerAvailable = known;
    }
    return known;
  }

  private static Backend backendFor(
      Provider provider, List<String> extra, ServerLog log, RedisTlsMode tls) {
    if (tls != null && provider != Provider.PATH_BINARY) {
      throw new IllegalStateException(
          "TLS test servers need a redis-server on PATH built with TLS");
    }
    switch (provider) {
      case PATH_BINARY:
        Optional<Path> binary = RedisBinaries.onPath();
        return new ProcessBackend(
            binary.orElseThrow(
                () ->
                    new IllegalStateException(
                        "no redis-server on PATH and " + RedisBinaries.ENV_OVERRIDE + " not set")),
            extra,
            log,
            tls);
      case TESTCONTAINERS:
        if (!dockerAvailable()) {
          throw new IllegalStateException("Testcontainers finds no Docker engine");
        }
        return ContainerBackend.create(extra, log);
      case EMBEDDED_REDIS:
        return new ProcessBackend(RedisBinaries.embedded(), extra, log);
      default:
        throw new IllegalArgumentException(provider.toString());
    }
  }

  /** First start: a fresh port per attempt, in case another process took the one we picked. */
  private synchronized void launchOnFreePort() {
    ProcessReaper.register(cleanup);
    for (int attempt = 1; ; attempt++) {
      try {
        launch(FreePort.pick());
        return;
      } catch (IllegalStateException e) {
        boolean portTaken =
            String.valueOf(e.getMessage()).toLowerCase().contains("address already in use");
        if (!portTaken || attempt == PORT_ATTEMPTS) {
          close();
          throw e;
        }
        LOG.debug("port {} was taken, trying another", port);
      }
    }
  }

  /** Launches on {@code newPort} and waits until PING answers, or fails quoting the log. */
  private void launch(int newPort) {
    if (tls != null && port != newPort) TlsPorts.unregister(port); // a taken port, given up
    port = newPort;
    if (tls != null) TlsPorts.register(newPort, pingTls);
    try {
      backend.launch(newPort);
    } catch (Exception e) {
      backend.kill();
      throw failure("did not start: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!Ping.pong(LOOPBACK, newPort, pingTls)) {
      if (!backend.alive()) {
        throw failure("exited during startup", null);
      }
      if (System.nanoTime() - deadline > 0) {
        backend.kill();
        throw failure("did not answer PING within " + READY_TIMEOUT.toSeconds() + " s", null);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private IllegalStateException failure(String what, Throwable cause) {
    return new IllegalStateException(
        "redis-server ("
            + provider.label()
            + ") on port "
            + port
            + " "
            + what
            + "; last lines of "
            + log.file()
            + ":"
            + System.lineSeparator()
            + log.tail(LOG_TAIL_LINES),
        cause);
  }
}
