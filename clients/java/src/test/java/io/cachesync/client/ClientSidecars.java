package io.cachesync.client;

import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarJar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.cachesync.testsupport.sidecar.SidecarSpec;
import java.nio.file.Path;
import java.util.List;

/** Real sidecar processes from the shaded jar, all on one real Redis, for the client's ITs. */
final class ClientSidecars implements AutoCloseable {
  final RedisServer redis = RedisServer.start();
  private final SidecarLauncher launcher = new SidecarLauncher();
  private final Path dir;

  ClientSidecars(Path dir) {
    this.dir = dir;
  }

  /** The sidecar config: LookAside caches books and films; {@code socket} null: TCP only. */
  String config(int port, Path socket) {
    return """
        redis: {url: "%s"}
        grpc: {port: %d%s}
        metrics: {port: 0}
        sync: {channel: cachesync.client-it}
        caches:
          - {name: books, maximumSize: 1000, ttl: 5m}
          - {name: films, maximumSize: 1000, ttl: 5m}
        """
        .formatted(redis.uri(), port, socket == null ? "" : ", unixSocket: \"" + socket + "\"");
  }

  SidecarSpec.Builder spec(String pod) {
    return SidecarSpec.jar(SidecarJar.locate(), pod, dir).jvmOptions(List.of("-Xmx128m"));
  }

  /** Started in parallel, each SERVING on return. */
  List<LaunchedSidecar> start(String... pods) {
    List<LaunchedSidecar> spawned =
        java.util.Arrays.stream(pods)
            .map(pod -> launcher.spawn(spec(pod).config(port -> config(port, null)).build()))
            .toList();
    spawned.forEach(LaunchedSidecar::awaitServing);
    return spawned;
  }

  LaunchedSidecar spawn(SidecarSpec spec) {
    return launcher.spawn(spec);
  }

  /** A client of {@code sidecar} over TCP. */
  static CacheSyncClient.Builder clientOf(LaunchedSidecar sidecar) {
    return CacheSyncClient.builder()
        .target("127.0.0.1:" + sidecar.port())
        .watchBackoff(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(500));
  }

  @Override
  public void close() {
    launcher.close();
    redis.close();
  }
}
