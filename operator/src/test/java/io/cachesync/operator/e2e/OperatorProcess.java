package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shaded operator jar run as a child process, as a Deployment's container runs it: the env the
 * caller gives it, a kubeconfig instead of a ServiceAccount token, its output in a log file. {@link
 * #kill()} is {@code kill -9}; {@link #close()} kills it too, and a JVM shutdown hook does if the
 * test run itself dies, so no operator outlives its test.
 */
final class OperatorProcess implements AutoCloseable {
  /** The shade plugin's outputFile in operator/pom.xml; failsafe runs after package. */
  static final Path JAR = Path.of("target/cachesync-operator.jar");

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread reaper;

  private OperatorProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.reaper = new Thread(process::destroyForcibly, "kill operator " + name);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts {@code java -jar cachesync-operator.jar} as pod {@code podName} (also its HOSTNAME,
   * which JOSDK takes as its Lease identity) with {@code env}, the container's environment.
   */
  static OperatorProcess start(String podName, Path kubeconfig, Map<String, String> env) {
    assertThat(JAR)
        .as("the operator jar: build it with ./mvnw -o -pl operator -am package first")
        .isRegularFile();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    // small and quick to start: two of these share the machine with the API server
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> e = builder.environment();
    e.remove("JAVA_TOOL_OPTIONS");
    e.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    e.put("HOSTNAME", podName);
    e.putAll(env);
    Path log = Path.of("target", "e2e-operator-" + podName + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      return new OperatorProcess(podName, builder.start(), log);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as a node failure or OOM kill does: no shutdown hook, no Lease release. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS))
        throw new IllegalStateException("operator " + name + " did not die of SIGKILL");
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the process has written so far, for assertions on its log and for failure messages. */
  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already
    }
  }

  @Override
  public String toString() {
    return "operator " + name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
