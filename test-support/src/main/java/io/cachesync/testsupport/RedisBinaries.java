package io.cachesync.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import redis.embedded.RedisExecProvider;

/**
 * Finds a redis-server executable: the one the developer installed (preferred, because it is the
 * version they run elsewhere) or the one bundled in {@code org.signal:embedded-redis} (always
 * there, so tests also pass on a machine with neither redis-server nor Docker).
 */
final class RedisBinaries {

  /** Environment variable naming a redis-server binary to use instead of searching the PATH. */
  static final String ENV_OVERRIDE = "CACHESYNC_REDIS_SERVER";

  private static Path embedded;

  private RedisBinaries() {}

  /** {@code $CACHESYNC_REDIS_SERVER} if set, else the first {@code redis-server} on the PATH. */
  static Optional<Path> onPath() {
    String override = System.getenv(ENV_OVERRIDE);
    if (override != null && !override.isBlank()) {
      Path path = Path.of(override);
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        throw new IllegalStateException(
            ENV_OVERRIDE + "=" + override + " is not an executable file");
      }
      return Optional.of(path);
    }
    return searchPath("redis-server");
  }

  /**
   * The {@code redis-cli} beside {@code $CACHESYNC_REDIS_SERVER} if that is set, else the first on
   * the PATH; a cluster is joined with it.
   */
  static Optional<Path> cliOnPath() {
    String override = System.getenv(ENV_OVERRIDE);
    if (override != null && !override.isBlank()) {
      Path beside = Path.of(override).resolveSibling(executable("redis-cli"));
      if (Files.isRegularFile(beside) && Files.isExecutable(beside)) return Optional.of(beside);
    }
    return searchPath("redis-cli");
  }

  private static String executable(String base) {
    boolean windows = System.getProperty("os.name", "").toLowerCase().contains("win");
    return windows ? base + ".exe" : base;
  }

  private static Optional<Path> searchPath(String base) {
    String pathVar = System.getenv("PATH");
    if (pathVar == null) {
      return Optional.empty();
    }
    String name = executable(base);
    for (String dir : pathVar.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir).resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The redis-server bundled in embedded-redis for this OS and CPU, extracted once per JVM by the
   * library's own extractor (a temp dir deleted on exit).
   */
  static synchronized Path embedded() {
    if (embedded == null || !Files.isExecutable(embedded)) {
      try {
        File file = RedisExecProvider.defaultProvider().get();
        if (!file.canExecute() && !file.setExecutable(true)) {
          throw new IllegalStateException(file + " cannot be made executable");
        }
        embedded = file.toPath();
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot extract the redis-server bundled in embedded-redis: " + e.getMessage(), e);
      }
    }
    return embedded;
  }
}
