package io.cachesync.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a redis-server binary as a child process of this JVM. Used both for a binary found on the
 * PATH and for the one extracted from embedded-redis, so the two behave identically.
 */
final class ProcessBackend implements Backend {

  private final Path binary;
  private final List<String> extraArgs;
  private final ServerLog log;
  private final RedisTlsMode tls;
  private Process process;

  ProcessBackend(Path binary, List<String> extraArgs, ServerLog log) {
    this(binary, extraArgs, log, null);
  }

  /** A server that listens with TLS only when {@code tls} is not null. */
  ProcessBackend(Path binary, List<String> extraArgs, ServerLog log, RedisTlsMode tls) {
    this.binary = binary;
    this.extraArgs = List.copyOf(extraArgs);
    this.log = log;
    this.tls = tls;
  }

  @Override
  public synchronized void launch(int port) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(ServerArgs.of(port, RedisServer.LOOPBACK, tls, extraArgs));
    process =
        new ProcessBuilder(command)
            .directory(log.dir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
            .start();
  }

  @Override
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }
}
