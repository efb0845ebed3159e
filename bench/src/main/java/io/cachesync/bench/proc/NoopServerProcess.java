package io.cachesync.bench.proc;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The no-op gRPC server ({@code io.cachesync.bench.noop.NoopServer}) as its own JVM, started from
 * the harness's own classpath with the sidecars' java and JVM options.
 */
public final class NoopServerProcess {
  private static final String MAIN = "io.cachesync.bench.noop.NoopServer";

  private final Launched process;
  private final int port;
  private final Path socket;
  private final ManagedChannel tcp;
  private final ManagedChannel uds;

  private NoopServerProcess(
      Launched process, int port, Path socket, ManagedChannel tcp, ManagedChannel uds) {
    this.process = process;
    this.port = port;
    this.socket = socket;
    this.tcp = tcp;
    this.uds = uds;
  }

  /**
   * Starts it and waits until it is SERVING.
   *
   * @throws IllegalStateException when it does not serve within 60 s; quotes its log
   */
  public static NoopServerProcess start(
      ProcessLauncher launcher,
      SidecarRuntime runtime,
      Channels channels,
      Path dir,
      String keyPrefix,
      int keys,
      int valueBytes) {
    int port = FreePort.pick();
    Path socket = dir.resolve("noop.sock");
    Launched p;
    try {
      p =
          launcher.start(
              "noop-grpc",
              runtime.mainCommand(
                  "noop-grpc",
                  System.getProperty("java.class.path"),
                  MAIN,
                  "--port",
                  Integer.toString(port),
                  "--uds",
                  socket.toString(),
                  "--keys",
                  Integer.toString(keys),
                  "--value-bytes",
                  Integer.toString(valueBytes),
                  "--prefix",
                  keyPrefix),
              dir.resolve("noop-grpc.log"),
              Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the no-op gRPC server", e);
    }
    ManagedChannel tcp = channels.tcp(port);
    try {
      ServingWait.await(tcp, p, p.startedNanos() + SidecarProcess.READY_TIMEOUT.toNanos());
    } catch (ServingWait.NotServing e) {
      throw new IllegalStateException(
          e.getMessage() + "; last lines of " + p.log() + ":\n" + p.logTail(20));
    }
    return new NoopServerProcess(p, port, socket, tcp, channels.uds(socket));
  }

  public ManagedChannel tcp() {
    return tcp;
  }

  public ManagedChannel uds() {
    return uds;
  }

  public int port() {
    return port;
  }

  public Path socket() {
    return socket;
  }

  public long pid() {
    return process.pid();
  }
}
