package io.cachesync.testsupport.sidecar;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts sidecar processes from {@link SidecarSpec}s and stops every one of them on {@link
 * #close()}: the end of a test, of a tool's run, or its shutdown hook on Ctrl-C. A sidecar spawned
 * after the close is stopped at once, so none outlives its owner.
 */
public final class SidecarLauncher implements AutoCloseable {
  private final List<LaunchedSidecar> running = new ArrayList<>();
  private boolean closed;

  /**
   * Forks the JVM and returns at once, so several start in parallel; {@link
   * LaunchedSidecar#awaitServing()} waits for each.
   *
   * @throws IllegalStateException when the launcher is closed (its owner is stopping)
   */
  public LaunchedSidecar spawn(SidecarSpec spec) {
    LaunchedSidecar s = LaunchedSidecar.spawn(spec);
    synchronized (this) {
      if (!closed) {
        running.add(s);
        return s;
      }
    }
    s.stop();
    throw new IllegalStateException("stopping: " + spec.name() + " was not started");
  }

  /** {@link #spawn} and {@link LaunchedSidecar#awaitServing()}. */
  public LaunchedSidecar start(SidecarSpec spec) {
    LaunchedSidecar s = spawn(spec);
    s.awaitServing();
    return s;
  }

  /** Every sidecar spawned and not yet stopped through {@link #stop(LaunchedSidecar)}. */
  public synchronized List<LaunchedSidecar> all() {
    return List.copyOf(running);
  }

  /** Stops one sidecar now (SIGTERM, then SIGKILL after its grace) and forgets it. */
  public void stop(LaunchedSidecar s) {
    s.stop();
    synchronized (this) {
      running.remove(s);
    }
  }

  /**
   * SIGTERM to every sidecar at once, so they drain in parallel, then up to the longest grace for
   * all of them to exit; the rest are killed. Later spawns are refused.
   *
   * @return the names of those that had to be killed
   */
  public List<String> stopAll() {
    List<LaunchedSidecar> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(running);
      running.clear();
    }
    long grace = 0;
    for (LaunchedSidecar s : all) {
      s.terminate();
      grace = Math.max(grace, s.spec().stopGrace().toNanos());
    }
    long deadline = System.nanoTime() + grace;
    List<String> killed = new ArrayList<>();
    for (LaunchedSidecar s : all) {
      if (s.awaitExit(deadline)) killed.add(s.name());
      s.close(); // already exited: closes the channel and forgets the JVM-exit hook
    }
    return killed;
  }

  @Override
  public void close() {
    stopAll();
  }
}
