package io.cachesync.testsupport.sidecar;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Signals that {@link Process} cannot send: SIGSTOP and SIGCONT, through {@code kill(1)}, to freeze
 * a sidecar as a long GC pause or a descheduled container would, and to let it go again.
 */
final class Signals {
  private Signals() {}

  static void send(String signal, long pid) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException("kill -" + signal + " " + pid + " did not return in 10 s");
      }
      if (kill.exitValue() != 0) {
        String said = new String(kill.getInputStream().readAllBytes()).strip();
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + said);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill -" + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending SIG" + signal + " to " + pid, e);
    }
  }
}
