package io.cachesync.spring;

import io.cachesync.client.CacheSyncClient;
import io.cachesync.client.L0Config;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarJar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.cachesync.testsupport.sidecar.SidecarSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One real Redis and {@code n} real sidecar processes on it (LookAside caches {@code books} and
 * {@code nulls}, no L2), started in parallel: the pods of the starter's ITs.
 */
public final class PodSidecars implements AutoCloseable {
  private final RedisServer redis;
  private final SidecarLauncher launcher = new SidecarLauncher();
  private final List<LaunchedSidecar> sidecars = new ArrayList<>();
  private final List<CacheSyncClient> clients = new ArrayList<>();

  private PodSidecars(RedisServer redis) {
    this.redis = redis;
  }

  public static PodSidecars start(int n) throws IOException {
    PodSidecars pods = new PodSidecars(RedisServer.start());
    try {
      Path dir = Files.createTempDirectory("spring-sidecars-");
      String channel = "cachesync.spring.it." + ProcessHandle.current().pid();
      for (int i = 1; i <= n; i++) {
        pods.sidecars.add(
            pods.launcher.spawn(
                SidecarSpec.jar(SidecarJar.locate(), "spring-pod-" + i, dir)
                    .jvmOptions(List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                    .config(port -> yaml(pods.redis.uri(), port, channel))
                    .build()));
      }
      for (LaunchedSidecar s : pods.sidecars) s.awaitServing();
      return pods;
    } catch (RuntimeException | IOException e) {
      pods.close();
      throw e;
    }
  }

  static String yaml(String redisUri, int port, String channel) {
    return """
        redis: {url: %s}
        grpc: {port: %d}
        metrics: {port: 0}
        sync: {channel: %s}
        caches:
          - {name: books, strategy: LookAside, maximumSize: 10000, ttl: 10m}
          - {name: nulls, strategy: LookAside, maximumSize: 1000, ttl: 10m}
        """
        .formatted(redisUri, port, channel);
  }

  /** {@code host:port} of sidecar {@code i} (0-based). */
  public String target(int i) {
    return "127.0.0.1:" + sidecars.get(i).port();
  }

  /** A client of sidecar {@code i}, closed with the pods. */
  public CacheSyncClient client(int i, L0Config l0) {
    CacheSyncClient c = CacheSyncClient.builder().target(target(i)).l0(l0).build();
    synchronized (clients) {
      clients.add(c);
    }
    return c;
  }

  public RedisServer redis() {
    return redis;
  }

  @Override
  public void close() {
    synchronized (clients) {
      clients.forEach(CacheSyncClient::close);
    }
    launcher.close();
    redis.close();
  }
}
