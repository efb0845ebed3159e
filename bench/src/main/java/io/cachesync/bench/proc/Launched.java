package io.cachesync.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A process the harness started: its name, its log file and when it was started. */
public final class Launched {
  private final String name;
  private final Process process;
  private final Path log;
  private final long startedNanos;

  Launched(String name, Process process, Path log, long startedNanos) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** {@link System#nanoTime()} just before the process was forked. */
  public long startedNanos() {
    return startedNanos;
  }

  public Path log() {
    return log;
  }

  public int exitValue() {
    return process.exitValue();
  }

  /** SIGTERM, so a sidecar drains as in a pod. */
  void terminate() {
    if (process.isAlive()) process.destroy();
  }

  /** Waits until {@code deadline} (nanoTime) for the exit, then SIGKILL. */
  void awaitExit(long deadline) {
    try {
      if (process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return;
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code timeout}. */
  public void stop(Duration timeout) {
    terminate();
    awaitExit(System.nanoTime() + timeout.toNanos());
  }

  /** The last lines of the log, indented, for error messages. */
  public String logTail(int lines) {
    String text;
    try {
      text = Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "    (cannot read " + log + ": " + e.getMessage() + ")\n";
    }
    String[] all = text.split("\\R");
    StringBuilder b = new StringBuilder();
    for (int i = Math.max(0, all.length - lines); i < all.length; i++)
      b.append("    | ").append(all[i]).append('\n');
    return b.toString();
  }

  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
