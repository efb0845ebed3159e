package io.cachesync.bench.family;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A neighbour that wants a whole core: one shell process spinning, as a busy pod on the same node
 * would. It stops when closed, and by itself after {@link #LIMIT_SECONDS} (coreutils' {@code
 * timeout}) should the harness die without closing it.
 */
final class CompetingLoad implements AutoCloseable {
  static final int LIMIT_SECONDS = 300;

  private final Process spinner;

  private CompetingLoad(Process spinner) {
    this.spinner = spinner;
  }

  static CompetingLoad start() throws IOException {
    Process p =
        new ProcessBuilder(
                "timeout", String.valueOf(LIMIT_SECONDS), "sh", "-c", "while :; do :; done")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return new CompetingLoad(p);
  }

  @Override
  public void close() throws InterruptedException {
    spinner.descendants().forEach(ProcessHandle::destroyForcibly);
    spinner.destroyForcibly();
    spinner.waitFor(10, TimeUnit.SECONDS);
  }
}
