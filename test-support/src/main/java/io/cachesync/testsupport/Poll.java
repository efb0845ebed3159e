package io.cachesync.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a topology to settle. Main code here has no Awaitility; a probe that throws (a node not
 * up yet, a connection refused) counts as "not yet", and a timeout says what was awaited and what
 * the nodes looked like last.
 */
final class Poll {

  private static final Duration INTERVAL = Duration.ofMillis(50);

  private Poll() {}

  static void until(
      Duration timeout, String what, BooleanSupplier condition, Supplier<String> lastSeen) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException lastError = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) return;
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() - deadline > 0) {
        String seen;
        try {
          seen = lastSeen.get();
        } catch (RuntimeException e) {
          seen = "(cannot describe: " + e.getMessage() + ")";
        }
        throw new IllegalStateException(
            "timed out after "
                + timeout.toSeconds()
                + " s waiting until "
                + what
                + (lastError == null ? "" : "; last probe error: " + lastError.getMessage())
                + System.lineSeparator()
                + seen,
            lastError);
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }
}
