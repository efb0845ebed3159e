package io.cachesync.sidecar;

import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The shaded sidecar jar run as its own process, the way a pod runs it. */
final class SidecarProcess implements AutoCloseable {
  final Process process;
  final Path log;
  final int port;

  private SidecarProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("cachesync.sidecar.jar", "target/cachesync-sidecar.jar"));
    if (!Files.exists(jar))
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    return jar;
  }

  static SidecarProcess start(Path dir, String configYaml, int port) throws IOException {
    return start(dir, configYaml, port, "sidecar-" + port);
  }

  /** {@code podName} becomes the sidecar's origin prefix (and its write-behind consumer name). */
  static SidecarProcess start(Path dir, String configYaml, int port, String podName)
      throws IOException {
    return start(dir, configYaml, port, podName, Map.of());
  }

  /** With {@code env} added to the process's environment (e.g. JAVA_TOOL_OPTIONS). */
  static SidecarProcess start(
      Path dir, String configYaml, int port, String podName, Map<String, String> env)
      throws IOException {
    Path config = Files.writeString(dir.resolve("sidecar-" + port + ".yaml"), configYaml);
    return startWithConfigFile(dir, config, port, podName, env);
  }

  /**
   * A sidecar reading {@code config}, a file the test keeps changing (its log goes to {@code dir}).
   */
  static SidecarProcess startWithConfigFile(Path dir, Path config, int port) throws IOException {
    return startWithConfigFile(dir, config, port, "sidecar-" + port, Map.of());
  }

  private static SidecarProcess startWithConfigFile(
      Path dir, Path config, int port, String podName, Map<String, String> env) throws IOException {
    Path log = dir.resolve("sidecar-" + port + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx128m",
                    "-jar",
                    jar().toString(),
                    "--config",
                    config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("POD_NAME", podName);
    pb.environment().putAll(env);
    Process p = pb.start();
    return new SidecarProcess(p, log, port);
  }

  void awaitServing(ManagedChannel channel) {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                health
                        .withDeadlineAfter(2, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus()
                    == ServingStatus.SERVING);
  }

  ManagedChannel tcpChannel() {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
