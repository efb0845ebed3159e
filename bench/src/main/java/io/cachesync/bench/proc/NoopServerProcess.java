package io.cachesync.bench.proc;

import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * The no-op gRPC server ({@code io.cachesync.bench.noop.NoopServer}) as its own JVM, started from
 * the harness's own classpath with the sidecars' java and JVM options, and awaited like a sidecar.
 */
public final class NoopServerProcess {
  private static final String MAIN = "io.cachesync.bench.noop.NoopServer";

  private final LaunchedSidecar process;
  private final Path socket;
  private final ManagedChannel uds;

  private NoopServerProcess(LaunchedSidecar process, Path socket, ManagedChannel uds) {
    this.process = process;
    this.socket = socket;
    this.uds = uds;
  }

  /**
   * Starts it and waits until it is SERVING.
   *
   * @throws IllegalStateException when it does not serve within 60 s; quotes its log
   */
  public static NoopServerProcess start(
      SidecarLauncher launcher,
      SidecarRuntime runtime,
      Channels channels,
      Path dir,
      String keyPrefix,
      int keys,
      int valueBytes) {
    Path socket = dir.resolve("noop.sock");
    LaunchedSidecar p =
        launcher.start(
            runtime
                .main("noop-grpc", System.getProperty("java.class.path"), MAIN, dir)
                .arguments(
                    (spec, port) ->
                        List.of(
                            "--port",
                            Integer.toString(port),
                            "--uds",
                            socket.toString(),
                            "--keys",
                            Integer.toString(keys),
                            "--value-bytes",
                            Integer.toString(valueBytes),
                            "--prefix",
                            keyPrefix))
                .channels(channels::tcp)
                .build());
    return new NoopServerProcess(p, socket, channels.uds(socket));
  }

  public ManagedChannel tcp() {
    return process.channel();
  }

  public ManagedChannel uds() {
    return uds;
  }

  public int port() {
    return process.port();
  }

  public Path socket() {
    return socket;
  }

  public long pid() {
    return process.pid();
  }
}
