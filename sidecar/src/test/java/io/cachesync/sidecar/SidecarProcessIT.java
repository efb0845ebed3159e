package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.testsupport.FreePort;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarJar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.cachesync.testsupport.sidecar.SidecarSpec;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate sidecar processes from the shaded jar: sync over real sockets, a Unix socket, SIGTERM,
 * bad config.
 */
class SidecarProcessIT {

  /** The shaded jar as {@code POD_NAME=pod}, config and log in {@code dir}; give it a config. */
  static SidecarSpec.Builder sidecar(Path dir, String pod) {
    return SidecarSpec.jar(SidecarJar.locate(), pod, dir).jvmOptions(List.of("-Xmx128m"));
  }

  /** One LookAside cache; {@code socket} null: TCP only. */
  static String config(RedisServer redis, int port, Path socket) {
    return """
        redis: {url: "%s"}
        grpc: {port: %d%s}
        metrics: {port: 0}
        sync: {channel: cachesync.process-it}
        caches:
          - {name: books, maximumSize: 1000, ttl: 5m}
        """
        .formatted(redis.uri(), port, socket == null ? "" : ", unixSocket: \"" + socket + "\"");
  }

  @Test
  @DisplayName(
      "two sidecar processes sync through Redis, serve on TCP and a Unix socket, and drain on SIGTERM")
  void processes(@TempDir Path dir) throws Exception {
    Path socketB = dir.resolve("b.sock");
    EpollEventLoopGroup group = new EpollEventLoopGroup(1);
    try (RedisServer redis = RedisServer.start();
        SidecarLauncher sidecars = new SidecarLauncher()) {
      LaunchedSidecar a =
          sidecars.spawn(
              sidecar(dir, "sidecar-a")
                  .config(port -> config(redis, port, dir.resolve("a.sock")))
                  .build());
      LaunchedSidecar b =
          sidecars.spawn(
              sidecar(dir, "sidecar-b").config(port -> config(redis, port, socketB)).build());
      a.awaitServing();
      b.awaitServing();
      ManagedChannel channelA = a.channel();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socketB)))
          .as("the pod's containers (its group) can connect, nobody else")
          .isEqualTo("rw-rw----");
      ManagedChannel uds =
          NettyChannelBuilder.forAddress(new DomainSocketAddress(socketB.toString()))
              .channelType(EpollDomainSocketChannel.class)
              .eventLoopGroup(group)
              .usePlaintext()
              .build();
      CacheServiceBlockingStub clientA = CacheServiceGrpc.newBlockingStub(channelA);
      CacheServiceBlockingStub clientB = CacheServiceGrpc.newBlockingStub(uds);

      assertThat(missThenFill(clientA, "books", "isbn:1", "v1")).isTrue();
      assertThat(missThenFill(clientB, "books", "isbn:1", "v1")).isTrue();
      assertThat(write(clientA, "books", "isbn:1", "v2")).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> !hits(clientB, "books", "isbn:1"));
      assertThat(get(clientA, "books", "isbn:1").getValue().toStringUtf8()).isEqualTo("v2");

      b.terminate(); // SIGTERM
      assertThat(b.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(b.logText()).contains("draining sidecar", "stopped");
      assertThat(Files.exists(socketB)).as("the Unix socket is removed").isFalse();
      uds.shutdownNow();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName(
      "with Lettuce's epoll turned off the whole sidecar runs on NIO and still syncs; a Unix socket then is refused by name")
  void epollOff(@TempDir Path dir) throws Exception {
    String nio = "-Dio.lettuce.core.epoll=false";
    try (RedisServer redis = RedisServer.start();
        SidecarLauncher sidecars = new SidecarLauncher()) {
      LaunchedSidecar a =
          sidecars.spawn(
              sidecar(dir, "nio-a")
                  .env("JAVA_TOOL_OPTIONS", nio)
                  .config(port -> config(redis, port, null))
                  .build());
      LaunchedSidecar b =
          sidecars.spawn(sidecar(dir, "epoll-b").config(port -> config(redis, port, null)).build());
      a.awaitServing();
      b.awaitServing();
      CacheServiceBlockingStub clientA = CacheServiceGrpc.newBlockingStub(a.channel());
      CacheServiceBlockingStub clientB = CacheServiceGrpc.newBlockingStub(b.channel());

      assertThat(missThenFill(clientA, "books", "isbn:1", "v1")).isTrue();
      assertThat(write(clientB, "books", "isbn:1", "v2")).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> !hits(clientA, "books", "isbn:1"));
      assertThat(write(clientA, "books", "isbn:2", "v1")).isTrue();
      assertThat(missThenFill(clientB, "books", "isbn:2", "v0")).isTrue();
      assertThat(write(clientA, "books", "isbn:2", "v2")).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> !hits(clientB, "books", "isbn:2"));

      LaunchedSidecar c =
          sidecars.spawn(
              sidecar(dir, "nio-c")
                  .env("JAVA_TOOL_OPTIONS", nio)
                  .config(port -> config(redis, port, dir.resolve("c.sock")))
                  .build());
      assertThat(c.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(c.process().exitValue()).isEqualTo(1);
      assertThat(c.logText()).contains("grpc.unixSocket needs native epoll", "epoll=false");
    }
  }

  /** Runs the jar on {@code config}, expects exit code 2 within 30 s, and returns what it said. */
  static String refusedAtStart(Path config) throws Exception {
    try (SidecarLauncher sidecars = new SidecarLauncher()) {
      LaunchedSidecar s =
          sidecars.spawn(
              sidecar(config.getParent(), "refused").configFile(config, FreePort.pick()).build());
      assertThat(s.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(s.process().exitValue()).as(s.logText()).isEqualTo(2);
      return s.logText();
    }
  }

  @Test
  @DisplayName(
      "a bad config stops the process at once with exit code 2 and a message naming the field")
  void badConfig(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(dir.resolve("bad.yaml"), "caches: [{name: books, ttl: forever}]");
    assertThat(refusedAtStart(config)).contains("caches[0].ttl: 'forever' is not a duration");
  }

  @Test
  @DisplayName("a sidecar process applies an edit of its kubelet-mounted config without a restart")
  void hotReload(@TempDir Path dir) throws Exception {
    int port = FreePort.pick();
    try (RedisServer redis = RedisServer.start()) {
      String base =
          """
          redis: {url: "%s"}
          grpc: {port: %d}
          metrics: {port: 0}
          sync: {channel: cachesync.process-reload-it}
          reload: {interval: 200ms}
          """
              .formatted(redis.uri(), port);
      KubeletMount mount =
          KubeletMount.create(dir.resolve("config"), base + "caches: [{name: books}]");
      try (SidecarLauncher sidecars = new SidecarLauncher()) {
        LaunchedSidecar sidecar =
            sidecars.start(sidecar(dir, "reloading").configFile(mount.file(), port).build());
        CacheServiceBlockingStub client = CacheServiceGrpc.newBlockingStub(sidecar.channel());
        assertThat(missThenFill(client, "books", "b:1", "v")).isTrue();

        mount.update(base + "caches: [{name: books}, {name: reports}]");
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptionsInstanceOf(StatusRuntimeException.class)
            .until(() -> !get(client, "reports", "r:1").getFound());
        assertThat(hits(client, "books", "b:1")).as("no restart: entries kept").isTrue();
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () -> assertThat(sidecar.logText()).contains("config reloaded: added [reports]"));
      }
    }
  }

  @Test
  @DisplayName("a missing redis.usernameFile stops the process with exit code 2 naming the field")
  void missingUsernameFile(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("c.yaml"),
            "redis: {usernameFile: %s, passwordFile: %s}"
                .formatted(dir.resolve("username"), dir.resolve("password")));
    assertThat(refusedAtStart(config))
        .contains("redis.usernameFile: " + dir.resolve("username") + " does not exist");
  }
}
