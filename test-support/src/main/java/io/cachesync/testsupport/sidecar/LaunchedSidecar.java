package io.cachesync.testsupport.sidecar;

import io.cachesync.testsupport.FreePort;
import io.cachesync.testsupport.ProcessReaper;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sidecar process started from a {@link SidecarSpec}: its pid, port, channel and log, and the
 * ways a test or a tool ends it: {@link #stop()} (SIGTERM, SIGKILL after the grace), {@link
 * #kill()} (SIGKILL), {@link #pause()}/{@link #resume()} (SIGSTOP/SIGCONT), {@link #restart()}.
 * Safe to use from several threads: a fault injector may kill it while clients ask for its channel.
 */
public final class LaunchedSidecar implements AutoCloseable {
  private static final int PORT_ATTEMPTS = 3;
  private static final int TAIL_LINES = 20;
  private static final Pattern ORIGIN = Pattern.compile("sidecar (\\S+) listening on");

  private final SidecarSpec spec;
  private final SidecarLog log;
  private final Runnable reap = this::killQuietly;

  // guarded by this
  private Process process;
  private int port;
  private ManagedChannel channel;
  private long startedNanos;
  private long logOffset;
  private boolean paused;
  private boolean stopped;

  private LaunchedSidecar(SidecarSpec spec) {
    this.spec = spec;
    this.log = new SidecarLog(spec.logFile());
  }

  /** Forks the JVM and returns at once; {@link #awaitServing()} waits for it. */
  static LaunchedSidecar spawn(SidecarSpec spec) {
    LaunchedSidecar s = new LaunchedSidecar(spec);
    ProcessReaper.register(s.reap);
    s.launch(spec.fixedPort() > 0 ? spec.fixedPort() : FreePort.pick());
    return s;
  }

  private synchronized void launch(int newPort) {
    if (stopped) throw new IllegalStateException(spec.name() + " was stopped while starting");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(spec.command(newPort))
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(log.file().toFile()));
      pb.environment().put("POD_NAME", spec.name());
      pb.environment().putAll(spec.env());
      logOffset = log.size();
      startedNanos = System.nanoTime();
      process = pb.start();
      paused = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name(), e);
    }
    if (channel == null || channel.isShutdown() || newPort != port) {
      if (channel != null) channel.shutdownNow();
      channel = spec.channels().apply(newPort);
    }
    port = newPort;
  }

  /**
   * Waits until the health service says SERVING, at most {@link SidecarSpec#readyTimeout()} from
   * the fork. When the JVM found its port taken (a free port may be taken before the JVM binds it),
   * starts again on another one, up to three times.
   *
   * @return the time from the fork to the first SERVING answer
   * @throws IllegalStateException when it exits or is not SERVING in time; quotes its log
   */
  public Duration awaitServing() {
    for (int attempt = 1; ; attempt++) {
      Process p;
      ManagedChannel ch;
      long started;
      synchronized (this) {
        p = process;
        ch = channel;
        started = startedNanos;
      }
      try {
        long serving =
            ServingWait.await(
                spec.name(), ch, p, started + spec.readyTimeout().toNanos(), spec.pollInterval());
        return Duration.ofNanos(serving - started);
      } catch (ServingWait.NotServing e) {
        if (e.exited && portTaken() && attempt < PORT_ATTEMPTS && spec.fixedPort() == 0) {
          launch(FreePort.pick());
          continue;
        }
        throw new IllegalStateException(
            e.getMessage() + " (port " + port() + "); last lines of " + log() + ":\n" + logTail());
      }
    }
  }

  private synchronized boolean portTaken() {
    return log.textFrom(logOffset).contains("ddress already in use");
  }

  /**
   * Kills it if it still runs and starts it again from the same spec, on the same port (another one
   * if that was taken meanwhile); returns at once, {@link #awaitServing()} waits.
   */
  public void restart() {
    kill();
    synchronized (this) {
      stopped = false;
      ProcessReaper.register(reap);
      launch(port);
    }
  }

  /** SIGTERM, so it drains as in a pod; the first half of {@link #stop()}. */
  public synchronized void terminate() {
    stopped = true;
    if (process.isAlive()) {
      process.destroy();
      if (paused) resume(); // a stopped process would hold the SIGTERM until SIGCONT
    }
  }

  /**
   * Waits for the exit until {@code deadline} ({@link System#nanoTime()}), then SIGKILL.
   *
   * @return whether it had to be killed
   */
  public boolean awaitExit(long deadline) {
    Process p = process();
    try {
      if (p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
    return true;
  }

  /**
   * SIGTERM, then SIGKILL if it has not exited within the spec's grace.
   *
   * @return whether it had to be killed
   */
  public boolean stop() {
    terminate();
    boolean killed = awaitExit(System.nanoTime() + spec.stopGrace().toNanos());
    channel().shutdownNow();
    ProcessReaper.unregister(reap);
    return killed;
  }

  /** SIGKILL, as the OOM killer or a node failure would end it, and waits for the exit. */
  public void kill() {
    Process p;
    synchronized (this) {
      stopped = true;
      p = process;
    }
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      paused = false;
    }
  }

  /** SIGSTOP: the JVM freezes (no thread runs, sockets stay open) until {@link #resume()}. */
  public synchronized void pause() {
    Signals.send("STOP", process.pid());
    paused = true;
  }

  /** SIGCONT after {@link #pause()}. */
  public synchronized void resume() {
    Signals.send("CONT", process.pid());
    paused = false;
  }

  private void killQuietly() {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p != null) p.destroyForcibly();
  }

  /** {@link #stop()}, so try-with-resources leaves no process behind. */
  @Override
  public void close() {
    stop();
  }

  public SidecarSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  public synchronized long pid() {
    return process.pid();
  }

  public synchronized int port() {
    return port;
  }

  /** The channel to its port, built by the spec (a new one when a retry moved the port). */
  public synchronized ManagedChannel channel() {
    return channel;
  }

  public synchronized Process process() {
    return process;
  }

  public synchronized boolean alive() {
    return process.isAlive();
  }

  public synchronized boolean paused() {
    return paused;
  }

  /** {@link System#nanoTime()} just before the current process was forked. */
  public synchronized long startedNanos() {
    return startedNanos;
  }

  public Path log() {
    return log.file();
  }

  /** The whole log, every launch of it. */
  public String logText() {
    return log.textFrom(0);
  }

  /** The last lines of the log, indented, for error messages. */
  public String logTail() {
    return log.tail(TAIL_LINES);
  }

  /**
   * The sidecar's id as it puts it in {@code CacheEvent.origin} ({@code pod-1-3fa2c1d0}) and logs
   * it once SERVING; null before that. After a restart, the newest one.
   */
  public String origin() {
    Matcher m = ORIGIN.matcher(logText());
    String found = null;
    while (m.find()) found = m.group(1);
    return found;
  }
}
