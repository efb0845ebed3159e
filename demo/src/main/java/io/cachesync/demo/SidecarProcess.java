package io.cachesync.demo;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sidecar as a separate JVM, the way a pod runs it: its YAML config and its log in the demo's
 * temp dir, a plaintext channel to its gRPC port, started, awaited (grpc.health.v1 SERVING, polled
 * for at most 30 s) and stopped (SIGTERM, up to 10 s to drain, then SIGKILL).
 */
final class SidecarProcess {
  static final String CHANNEL = "cachesync.demo.books";
  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private static final List<String> JVM_FLAGS =
      List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final Duration HEALTH_CALL_TIMEOUT = Duration.ofMillis(500);
  private static final int PORT_ATTEMPTS = 3;
  private static final Pattern ORIGIN = Pattern.compile("sidecar (\\S+) listening on");

  private final String pod;
  private final Path jar;
  private final Path config;
  private final Path log;
  private final String redisUri;

  // guarded by this: a stop may come from the shutdown hook while main is still starting the
  // sidecar
  private Process process;
  private ManagedChannel channel;
  private int port;
  private boolean stopping;
  private long startedAt;
  private String origin;

  private SidecarProcess(String pod, Path jar, Path dir, String redisUri) {
    this.pod = pod;
    this.jar = jar;
    this.config = dir.resolve(pod + ".yaml");
    this.log = dir.resolve(pod + ".log");
    this.redisUri = redisUri;
  }

  /** Spawns the JVM and returns at once; {@link #awaitServing()} waits for it. */
  static SidecarProcess spawn(String pod, Path jar, Path dir, String redisUri) {
    SidecarProcess p = new SidecarProcess(pod, jar, dir, redisUri);
    p.launch(freePort());
    return p;
  }

  String pod() {
    return pod;
  }

  synchronized int port() {
    return port;
  }

  Path log() {
    return log;
  }

  Path config() {
    return config;
  }

  synchronized ManagedChannel channel() {
    return channel;
  }

  /**
   * The sidecar's id as it puts it in {@code CacheEvent.origin} ({@code pod-1-3fa2c1d0}), from its
   * log.
   */
  synchronized String origin() {
    return origin;
  }

  synchronized long pid() {
    return process.pid();
  }

  private synchronized void launch(int newPort) {
    if (stopping) throw new DemoFailure("stopped while starting " + pod + "'s sidecar");
    port = newPort;
    try {
      Files.writeString(config, yaml(newPort), StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(JVM_FLAGS);
      command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("POD_NAME", pod); // the sidecar's id becomes pod-N-<random>
      startedAt = System.nanoTime();
      process = pb.start();
    } catch (IOException e) {
      throw new DemoFailure("cannot start " + pod + "'s sidecar: " + e.getMessage(), e);
    }
    if (channel != null) channel.shutdownNow();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", newPort).usePlaintext().build();
  }

  private String yaml(int grpcPort) {
    return """
        # %s's sidecar, written by bin/demo
        redis: {url: %s}
        grpc: {port: %d}
        metrics: {port: 0}
        sync: {channel: %s}
        caches:
          - {name: books, strategy: LookAside, maximumSize: 10000, ttl: 10m}
        """
        .formatted(pod, redisUri, grpcPort, CHANNEL);
  }

  /**
   * Polls grpc.health.v1 (service "") until SERVING, at most {@link #READY_TIMEOUT} from the spawn.
   * If the port picked was taken meanwhile, starts again on another one.
   *
   * @throws DemoFailure if the sidecar exits or is not SERVING in time; the message quotes its log
   */
  void awaitServing() {
    HealthCheckRequest request = HealthCheckRequest.newBuilder().setService("").build();
    String lastAnswer = "no answer yet";
    for (int attempt = 1; ; ) {
      Process proc;
      ManagedChannel ch;
      long deadline;
      synchronized (this) {
        if (stopping) throw new DemoFailure("stopped while starting " + pod + "'s sidecar");
        proc = process;
        ch = channel;
        deadline = startedAt + READY_TIMEOUT.toNanos();
      }
      if (!proc.isAlive()) {
        String tail = logTail(20);
        if (attempt < PORT_ATTEMPTS && tail.contains("Address already in use")) {
          attempt++;
          launch(freePort());
          continue;
        }
        throw new DemoFailure(
            pod
                + "'s sidecar exited during startup with code "
                + proc.exitValue()
                + "; last lines of "
                + log
                + ":\n"
                + tail);
      }
      // the channel backs off after refused connections: retry at once while the JVM comes up
      if (ch.getState(true) == ConnectivityState.TRANSIENT_FAILURE) ch.resetConnectBackoff();
      try {
        ServingStatus status =
            HealthGrpc.newBlockingStub(ch)
                .withDeadlineAfter(HEALTH_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .check(request)
                .getStatus();
        if (status == ServingStatus.SERVING) {
          readOrigin();
          return;
        }
        lastAnswer = status.name();
      } catch (StatusRuntimeException e) {
        lastAnswer = e.getStatus().getCode().name();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new DemoFailure(
            pod
                + "'s sidecar (port "
                + port()
                + ") did not report SERVING within "
                + READY_TIMEOUT.toSeconds()
                + " s (health check said "
                + lastAnswer
                + "); last lines of "
                + log
                + ":\n"
                + logTail(20));
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
  }

  private void readOrigin() {
    Matcher m = ORIGIN.matcher(readLog());
    String found = m.find() ? m.group(1) : null;
    synchronized (this) {
      origin = found;
    }
  }

  /**
   * Starts stopping: closes the channel and sends SIGTERM, so several sidecars drain in parallel.
   *
   * @return the process to wait for, or null if none was started
   */
  synchronized Process beginStop() {
    stopping = true;
    if (channel != null) channel.shutdownNow();
    if (process != null && process.isAlive()) process.destroy();
    return process;
  }

  /**
   * Waits for the process until {@code deadline} (nanoTime), then kills it. @return whether it had
   * to be killed
   */
  static boolean finishStop(Process p, long deadline) throws InterruptedException {
    if (p == null) return false;
    long left = deadline - System.nanoTime();
    if (p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) return false;
    p.destroyForcibly();
    p.waitFor(5, TimeUnit.SECONDS);
    return true;
  }

  String logTail(int lines) {
    String[] all = readLog().split("\\R");
    int from = Math.max(0, all.length - lines);
    StringBuilder b = new StringBuilder();
    for (int i = from; i < all.length; i++) b.append("    | ").append(all[i]).append('\n');
    return b.toString();
  }

  private String readLog() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /**
   * A port nobody listens on right now; the sidecar might lose it to another process, hence the
   * retry.
   */
  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }
}
