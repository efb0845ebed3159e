package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.sync.InvalidationBus;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that dies while Redis was unreachable to it takes its buffered changes with it, and can
 * tell no one: so a peer that falls silent without a goodbye makes the others clear, and an orderly
 * shutdown says goodbye so that it does not.
 */
class SilentPeersIT {
  RedisServer redis;
  SidecarFixture fixture;
  Sidecar a;
  CacheServiceBlockingStub client;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    a = fixture.start(1, redis.uri()).get(0);
    client = fixture.client(a);
    SidecarFixture.missThenFill(client, "books", "k", "v");
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  @Test
  @DisplayName(
      "a peer killed without a goodbye makes the others clear their caches once it has been silent for the bound")
  void killedPeerRepairs(@TempDir Path dir) throws Exception {
    long heardBefore = a.bus().counters().framesReceived();
    try (SidecarLauncher launcher = new SidecarLauncher()) {
      LaunchedSidecar peer =
          launcher.start(
              SidecarProcessIT.sidecar(dir, "doomed")
                  .config(
                      port ->
                          fixture
                              .yaml(redis.uri())
                              .replace("grpc: {port: 0}", "grpc: {port: " + port + "}"))
                  .build());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> a.bus().counters().framesReceived() > heardBefore); // its heartbeats
      peer.kill();
    }
    await() // the count goes up just before the clear
        .atMost(Duration.ofSeconds(20))
        .until(() -> a.caches().find("books").get("k") == null);
    assertThat(a.bus().counters().silentPeers()).isEqualTo(1);
    assertThat(a.bus().counters().repairs()).isEqualTo(1);
  }

  @Test
  @DisplayName("a peer that shuts down in order says goodbye: the others keep their caches")
  void goodbyeKeepsCaches() {
    Sidecar peer = fixture.start(1, redis.uri()).get(0);
    long heardBefore = a.bus().counters().framesReceived();
    await().until(() -> a.bus().counters().framesReceived() > heardBefore);
    peer.close();
    long bound = Duration.ofNanos(InvalidationBus.silentPeerNanos(a.config().sync())).toMillis();
    await()
        .during(Duration.ofMillis(bound + 2_000))
        .atMost(Duration.ofMillis(bound + 10_000))
        .until(() -> a.caches().find("books").get("k") != null);
    assertThat(a.bus().counters().silentPeers()).isZero();
    assertThat(a.bus().counters().repairs()).isZero();
  }
}
