package io.cachesync.testsupport.sidecar;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What to run as one sidecar process, settled before anything starts: {@code <java> <jvmOptions>
 * <program> <arguments for the port>}, with {@code POD_NAME=<name>} and {@code env} added to the
 * environment and the output in {@code <dir>/<name>.log}. The program is the sidecar's jar, or any
 * JVM main that serves {@code grpc.health.v1} on the port it is given (the bench's no-op server, a
 * test's stand-in). Built with {@link #jar} or {@link #mainClass}; {@link #toBuilder} derives
 * another.
 *
 * @param name the pod name: {@code POD_NAME}, which the sidecar makes its origin prefix and its
 *     write-behind consumer name; also the name of its config and log files
 * @param dir where the config and the log go
 * @param program {@code -jar <jar>} or {@code -cp <classpath> <main class>}
 * @param arguments the program's arguments for a gRPC port (writing the config they name first)
 * @param fixedPort the port to use, or 0 to pick a free one per attempt and retry on another when
 *     the JVM finds it taken
 * @param channels builds the channel to a port that the health check, and whoever asks, use
 */
public record SidecarSpec(
    String name,
    Path dir,
    Path java,
    List<String> jvmOptions,
    List<String> program,
    Arguments arguments,
    int fixedPort,
    Map<String, String> env,
    Duration readyTimeout,
    Duration stopGrace,
    Duration pollInterval,
    IntFunction<ManagedChannel> channels) {

  public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration STOP_GRACE = Duration.ofSeconds(10);
  public static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  /** The program's arguments for a port; may write files (the config) first. */
  @FunctionalInterface
  public interface Arguments {
    List<String> forPort(SidecarSpec spec, int port) throws IOException;
  }

  public SidecarSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dir, "dir");
    java = java == null ? Path.of(System.getProperty("java.home"), "bin", "java") : java;
    jvmOptions = List.copyOf(jvmOptions == null ? List.of() : jvmOptions);
    program = List.copyOf(program);
    arguments = arguments == null ? (spec, port) -> List.of() : arguments;
    if (fixedPort < 0 || fixedPort > 65_535)
      throw new IllegalArgumentException("port " + fixedPort);
    env = Map.copyOf(env == null ? Map.of() : env);
    readyTimeout = readyTimeout == null ? READY_TIMEOUT : readyTimeout;
    stopGrace = stopGrace == null ? STOP_GRACE : stopGrace;
    pollInterval = pollInterval == null ? POLL_INTERVAL : pollInterval;
    channels = channels == null ? SidecarSpec::plaintext : channels;
  }

  /** {@code java -jar <jar>} on the java running this JVM; give it a config next. */
  public static Builder jar(Path jar, String name, Path dir) {
    return new Builder(name, dir, List.of("-jar", jar.toString()));
  }

  /** {@code java -cp <classpath> <mainClass>}: a JVM main serving grpc.health.v1. */
  public static Builder mainClass(String classpath, String mainClass, String name, Path dir) {
    return new Builder(name, dir, List.of("-cp", classpath, mainClass));
  }

  public Builder toBuilder() {
    Builder b = new Builder(name, dir, program);
    b.java = java;
    b.jvmOptions = jvmOptions;
    b.arguments = arguments;
    b.fixedPort = fixedPort;
    b.env.putAll(env);
    b.readyTimeout = readyTimeout;
    b.stopGrace = stopGrace;
    b.pollInterval = pollInterval;
    b.channels = channels;
    return b;
  }

  /** Where {@link Builder#config} writes the config. */
  public Path configFile() {
    return dir.resolve(name + ".yaml");
  }

  /** Where the process's stdout and stderr go (appended to across restarts). */
  public Path logFile() {
    return dir.resolve(name + ".log");
  }

  /** The command line for {@code port}. */
  List<String> command(int port) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.addAll(program);
    command.addAll(arguments.forPort(this, port));
    return command;
  }

  private static ManagedChannel plaintext(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  /** Collects a spec's parts; {@link #build()} settles the defaults. */
  public static final class Builder {
    private String name;
    private final Path dir;
    private final List<String> program;
    private Path java;
    private List<String> jvmOptions = List.of();
    private Arguments arguments;
    private int fixedPort;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Duration readyTimeout;
    private Duration stopGrace;
    private Duration pollInterval;
    private IntFunction<ManagedChannel> channels;

    private Builder(String name, Path dir, List<String> program) {
      this.name = name;
      this.dir = dir;
      this.program = program;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Which {@code java} runs it (default: this JVM's). */
    public Builder java(Path java) {
      this.java = java;
      return this;
    }

    /** Options before the program; a later {@code -Xmx} wins over an earlier one. */
    public Builder jvmOptions(List<String> jvmOptions) {
      this.jvmOptions = jvmOptions;
      return this;
    }

    /** {@code --config <dir>/<name>.yaml}, written from {@code yamlForPort} at every attempt. */
    public Builder config(IntFunction<String> yamlForPort) {
      this.fixedPort = 0;
      return arguments(
          (spec, port) -> {
            Path file = spec.configFile();
            Files.writeString(file, yamlForPort.apply(port), StandardCharsets.UTF_8);
            return List.of("--config", file.toString());
          });
    }

    /**
     * {@code --config <file>}: a file the caller keeps (and may edit while the sidecar runs) that
     * names {@code port}; a port taken meanwhile fails the start instead of being retried.
     */
    public Builder configFile(Path file, int port) {
      this.fixedPort = port;
      return arguments((spec, p) -> List.of("--config", file.toString()));
    }

    /** The program's arguments for a port, for programs that take no config file. */
    public Builder arguments(Arguments arguments) {
      this.arguments = arguments;
      return this;
    }

    /** {@code key=value} in the environment (after {@code POD_NAME}, so it may replace it). */
    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Builder env(Map<String, String> more) {
      env.putAll(more);
      return this;
    }

    /** How long from the fork to SERVING before the start counts as failed (default 60 s). */
    public Builder readyTimeout(Duration readyTimeout) {
      this.readyTimeout = readyTimeout;
      return this;
    }

    /** How long a SIGTERM may take before SIGKILL (default 10 s). */
    public Builder stopGrace(Duration stopGrace) {
      this.stopGrace = stopGrace;
      return this;
    }

    /** How often the health check is asked while waiting (it bounds a start-up figure's error). */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /** How the channel to a port is built (default: plaintext, the transport on the classpath). */
    public Builder channels(IntFunction<ManagedChannel> channels) {
      this.channels = channels;
      return this;
    }

    public SidecarSpec build() {
      return new SidecarSpec(
          name,
          dir,
          java,
          jvmOptions,
          program,
          arguments,
          fixedPort,
          env,
          readyTimeout,
          stopGrace,
          pollInterval,
          channels);
    }
  }
}
