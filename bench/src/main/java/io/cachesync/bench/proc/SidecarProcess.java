package io.cachesync.bench.proc;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.StatsResponse;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One sidecar as its own JVM, the way a pod runs it: the shaded jar, a YAML config and a log in the
 * harness's temp dir, a TCP port on 127.0.0.1 (and a Unix socket when its config has one). Spawned
 * at once and awaited separately, so several start in parallel; if another process took its port
 * meanwhile, it is started again on another one.
 */
public final class SidecarProcess {
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int PORT_ATTEMPTS = 3;

  private final String name;
  private final ProcessLauncher launcher;
  private final SidecarRuntime runtime;
  private final List<String> extraJvmOpts;
  private final Path dir;
  private final IntFunction<String> yamlForPort;
  private final Channels channels;
  private Launched process;
  private int port;
  private ManagedChannel channel;

  private SidecarProcess(
      String name,
      ProcessLauncher launcher,
      SidecarRuntime runtime,
      List<String> extraJvmOpts,
      Path dir,
      IntFunction<String> yamlForPort,
      Channels channels) {
    this.name = name;
    this.launcher = launcher;
    this.runtime = runtime;
    this.extraJvmOpts = List.copyOf(extraJvmOpts);
    this.dir = dir;
    this.yamlForPort = yamlForPort;
    this.channels = channels;
  }

  /**
   * Starts the JVM and returns at once; {@link #awaitServing()} waits for it.
   *
   * @param yamlForPort the config for a given gRPC port
   * @param extraJvmOpts options after {@code --sidecar-jvm-opts} (a later {@code -Xmx} wins)
   */
  public static SidecarProcess spawn(
      String name,
      ProcessLauncher launcher,
      SidecarRuntime runtime,
      List<String> extraJvmOpts,
      Path dir,
      IntFunction<String> yamlForPort,
      Channels channels) {
    SidecarProcess p =
        new SidecarProcess(name, launcher, runtime, extraJvmOpts, dir, yamlForPort, channels);
    p.launch();
    return p;
  }

  private void launch() {
    port = FreePort.pick();
    Path config = dir.resolve(name + ".yaml");
    try {
      Files.writeString(config, yamlForPort.apply(port), StandardCharsets.UTF_8);
      process =
          launcher.start(
              name,
              runtime.sidecarCommand(name, extraJvmOpts, "--config", config.toString()),
              dir.resolve(name + ".log"),
              Map.of("POD_NAME", name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start sidecar " + name, e);
    }
    if (channel != null) channel.shutdownNow();
    channel = channels.tcp(port);
  }

  /**
   * Waits for SERVING; starts again on another port when the first one was taken.
   *
   * @return nanoseconds from the fork to the first SERVING answer
   * @throws IllegalStateException when it exits or is not SERVING within 60 s; quotes its log
   */
  public long awaitServing() {
    for (int attempt = 1; ; attempt++) {
      try {
        long serving =
            ServingWait.await(channel, process, process.startedNanos() + READY_TIMEOUT.toNanos());
        return serving - process.startedNanos();
      } catch (ServingWait.NotServing e) {
        if (e.exited && attempt < PORT_ATTEMPTS && process.logText().contains("already in use")) {
          launch();
          continue;
        }
        throw new IllegalStateException(
            e.getMessage() + "; last lines of " + process.log() + ":\n" + process.logTail(20));
      }
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Launched process() {
    return process;
  }

  /** The TCP channel every measurement of this sidecar uses (see {@link Channels}). */
  public ManagedChannel channel() {
    return channel;
  }

  /** The cache's Stats, for counting what the sidecar did. */
  public StatsResponse stats(String cache) {
    return CacheServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
        .stats(StatsRequest.newBuilder().setCache(cache).build());
  }

  /** SIGTERM, and SIGKILL after 10 s. */
  public void stop() {
    channel.shutdownNow();
    launcher.stop(process);
  }
}
