package io.cachesync.bench.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the harness's child processes (sidecars, the no-op server) and stops every one of them on
 * {@link #close()}, which the harness runs at the end, on failure and from its shutdown hook on
 * Ctrl-C. A process started after the close is stopped at once, so none outlives the harness.
 */
public final class ProcessLauncher implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final List<Launched> running = new ArrayList<>();
  private boolean closed;

  /**
   * Starts {@code command} with stdout and stderr in {@code log}.
   *
   * @throws IllegalStateException if the launcher is already closed (the harness is stopping)
   */
  public Launched start(String name, List<String> command, Path log, Map<String, String> env)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    long started = System.nanoTime();
    Launched launched = new Launched(name, pb.start(), log, started);
    synchronized (this) {
      if (!closed) {
        running.add(launched);
        return launched;
      }
    }
    launched.stop(STOP_TIMEOUT);
    throw new IllegalStateException("the harness is stopping: " + name + " was not started");
  }

  /** Stops one process now and forgets it. */
  public void stop(Launched launched) {
    launched.stop(STOP_TIMEOUT);
    synchronized (this) {
      running.remove(launched);
    }
  }

  /** SIGTERM to every process at once, then up to 10 s for all to exit; the rest are killed. */
  @Override
  public void close() {
    List<Launched> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(running);
      running.clear();
    }
    all.forEach(Launched::terminate);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (Launched l : all) l.awaitExit(deadline);
  }
}
