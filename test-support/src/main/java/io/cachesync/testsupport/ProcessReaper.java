package io.cachesync.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the cleanup of every test server not yet closed when the JVM exits, so a test that forgets
 * {@code close()} (or a build interrupted with Ctrl-C) leaves no redis-server or sidecar behind
 * holding a port, nor a temp dir. A JVM killed with SIGKILL cannot run hooks; that case is out of
 * reach.
 */
public final class ProcessReaper {

  private static final Set<Runnable> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> PENDING.forEach(ProcessReaper::runQuietly), "test-process-reaper"));
  }

  private ProcessReaper() {}

  public static void register(Runnable cleanup) {
    PENDING.add(cleanup);
  }

  public static void unregister(Runnable cleanup) {
    PENDING.remove(cleanup);
  }

  private static void runQuietly(Runnable cleanup) {
    try {
      cleanup.run();
    } catch (RuntimeException | LinkageError ignored) {
      // best effort during JVM shutdown
    }
  }
}
