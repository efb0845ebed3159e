package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client example's own commands (npm, unittest, go test) as a test step, bounded in time.
 */
final class ExampleRun {
  private ExampleRun() {}

  /** examples/{@code name} of this checkout. */
  static Path example(String name) {
    return Path.of(System.getProperty("cachesync.repo.root", ".."))
        .resolve("examples")
        .resolve(name)
        .toAbsolutePath()
        .normalize();
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) return true;
    }
    return false;
  }

  /** Whether {@code command} exits 0 within {@code timeoutSeconds}; false when it cannot start. */
  static boolean succeeds(List<String> command, int timeoutSeconds) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs {@code command} in {@code dir} with {@code env} added, asserts that it exits 0 within
   * {@code timeoutSeconds}, and returns its output (stdout and stderr), which failures quote.
   */
  static String run(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Path out = Files.createTempFile("example-", ".log");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String output = Files.readString(out);
    Files.deleteIfExists(out);
    assertThat(finished)
        .as("%s finished within %d s:%n%s", command, timeoutSeconds, output)
        .isTrue();
    assertThat(p.exitValue()).as("%s exit code; output:%n%s", command, output).isZero();
    return output;
  }
}
