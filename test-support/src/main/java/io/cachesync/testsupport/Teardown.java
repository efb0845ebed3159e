package io.cachesync.testsupport;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Stops what a tool (the demo, the benchmark) started, newest first, exactly once: at the end of
 * the run, from the shutdown hook on Ctrl-C, or from a watchdog, whichever comes first (the others
 * wait for it). A step added after that runs at once, so nothing started during a Ctrl-C is left
 * behind.
 */
public final class Teardown {
  /** One thing to stop. */
  public interface Step {
    void run() throws Exception;
  }

  private record Named(String what, Step step) {}

  private final Deque<Named> steps = new ArrayDeque<>();
  private final String tool;
  private final PrintStream err;
  private boolean done;

  /**
   * @param tool names the tool in the line a failed step prints
   */
  public Teardown(String tool, PrintStream err) {
    this.tool = tool;
    this.err = err;
  }

  public void add(String what, Step step) {
    synchronized (this) {
      if (!done) {
        steps.push(new Named(what, step));
        return;
      }
    }
    runQuietly(new Named(what, step));
  }

  public synchronized boolean done() {
    return done;
  }

  /** Runs every step, newest first; a step that fails is reported and the others still run. */
  public synchronized void run() {
    if (done) return;
    done = true;
    while (!steps.isEmpty()) runQuietly(steps.pop());
  }

  private void runQuietly(Named named) {
    try {
      named.step().run();
    } catch (Exception | LinkageError e) {
      err.println(tool + ": while stopping " + named.what() + ": " + e);
    }
  }
}
