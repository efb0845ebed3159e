package io.cachesync.demo;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Stops what the demo started, newest first, exactly once: from the end of {@code main}, or from
 * the shutdown hook when the demo is interrupted, whichever comes first (the other one waits for
 * it). Anything added after the teardown ran is stopped at once, so a sidecar spawned during Ctrl-C
 * is not left behind.
 */
final class Teardown {
  interface Step {
    void run() throws Exception;
  }

  private record Named(String what, Step step) {}

  private final Deque<Named> steps = new ArrayDeque<>();
  private final PrintStream err;
  private boolean done;

  Teardown(PrintStream err) {
    this.err = err;
  }

  void add(String what, Step step) {
    synchronized (this) {
      if (!done) {
        steps.push(new Named(what, step));
        return;
      }
    }
    runQuietly(new Named(what, step));
  }

  synchronized boolean done() {
    return done;
  }

  /** Runs every step, newest first; a step that fails is reported and the others still run. */
  synchronized void run() {
    if (done) return;
    done = true;
    while (!steps.isEmpty()) runQuietly(steps.pop());
  }

  private void runQuietly(Named named) {
    try {
      named.step().run();
    } catch (Exception | LinkageError e) {
      err.println("demo: while stopping " + named.what() + ": " + e);
    }
  }
}
