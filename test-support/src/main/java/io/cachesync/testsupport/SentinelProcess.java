package io.cachesync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import javax.net.ssl.SSLSocketFactory;

/**
 * One {@code redis-server <conf> --sentinel} on a free loopback port, with its own temp dir (the
 * conf it rewrites, its log). {@link RedisServer} cannot run it: a sentinel's config file must come
 * before every other argument.
 */
final class SentinelProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  private static final int PORT_ATTEMPTS = 5;
  private static final int LOG_TAIL_LINES = 20;

  private final Path binary;
  private final SSLSocketFactory tls;
  private final ServerLog log = ServerLog.create();
  private final Runnable cleanup = this::destroy;
  private Process process;
  private int port;
  private boolean closed;

  private SentinelProcess(Path binary, RedisTlsMode tls) {
    this.binary = binary;
    this.tls = tls == null ? null : TlsPing.factory(tls);
  }

  /**
   * Starts a sentinel with the conf {@code confFor} renders for its port, listening with TLS only
   * when {@code tls} is set; returns once it answers PING.
   *
   * @throws IllegalStateException if it does not start; the message quotes its log
   */
  static SentinelProcess start(Path binary, RedisTlsMode tls, IntFunction<SentinelConf> confFor) {
    SentinelProcess sentinel = new SentinelProcess(binary, tls);
    ProcessReaper.register(sentinel.cleanup);
    for (int attempt = 1; ; attempt++) {
      try {
        sentinel.launch(confFor.apply(FreePort.pick()));
        return sentinel;
      } catch (IllegalStateException e) {
        boolean portTaken = e.getMessage().toLowerCase().contains("address already in use");
        if (!portTaken || attempt == PORT_ATTEMPTS) {
          sentinel.close();
          throw e;
        }
      }
    }
  }

  RedisAddress address() {
    return RedisAddress.loopback(port);
  }

  Path confFile() {
    return log.dir().resolve("sentinel.conf");
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /** The last lines of its log, for a failure message. */
  String logTail() {
    return log.tail(LOG_TAIL_LINES);
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    ProcessReaper.unregister(cleanup);
    destroy();
  }

  private synchronized void launch(SentinelConf conf) {
    if (tls != null) TlsPorts.unregister(port); // a taken port, given up
    port = conf.port();
    if (tls != null) TlsPorts.register(port, tls);
    try {
      Files.writeString(confFile(), conf.render());
      process =
          new ProcessBuilder(binary.toString(), confFile().toString(), "--sentinel")
              .directory(log.dir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a sentinel from " + binary, e);
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!Ping.pong(RedisServer.LOOPBACK, port, tls)) {
      if (!process.isAlive()) throw failure("exited during startup");
      if (System.nanoTime() - deadline > 0) {
        kill();
        throw failure("did not answer PING within " + READY_TIMEOUT.toSeconds() + " s");
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private synchronized void kill() {
    if (process == null) return;
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void destroy() {
    kill();
    log.delete();
    if (tls != null) TlsPorts.unregister(port);
  }

  private IllegalStateException failure(String what) {
    return new IllegalStateException(
        "sentinel on port "
            + port
            + " "
            + what
            + "; last lines of "
            + log.file()
            + ":"
            + System.lineSeparator()
            + log.tail(LOG_TAIL_LINES));
  }
}
