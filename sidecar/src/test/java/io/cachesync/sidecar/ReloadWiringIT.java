package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.KeyspaceNotificationsConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.config.WriteBehindConfig;
import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a reloaded cache is wired to besides L1: keyspace events, the write-behind flusher. */
class ReloadWiringIT {

  static CacheConfig withL2(String name) {
    return new CacheConfig(name, Strategy.LookAside, null, null, null, L2Config.on(), null);
  }

  static CacheConfig writeBehind(int maxBatch) {
    return new CacheConfig(
        "wb",
        Strategy.WriteBehind,
        null,
        null,
        null,
        L2Config.on(),
        new WriteBehindConfig(Duration.ofMillis(50), maxBatch, Duration.ofSeconds(2), null));
  }

  static boolean flusherRunning(String cache) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("cachesync-write-behind-" + cache) && t.isAlive());
  }

  @Test
  @DisplayName(
      "an L2 cache added by a reload is listened to for keyspace events, even when no cache had"
          + " an L2 before")
  void keyspaceOfAddedCache() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Eg$x");
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s =
          fixture
              .start(
                  1,
                  redis.uri(),
                  c ->
                      c.withKeyspaceNotifications(
                              new KeyspaceNotificationsConfig(List.of("set", "del")))
                          .withCaches(List.of(CacheConfig.lookAside("books"))))
              .get(0);
      assertThat(s.keyspaceSubscribed()).as("no prefix to listen for yet").isFalse();

      SidecarConfig next =
          s.config().withCaches(List.of(CacheConfig.lookAside("books"), withL2("reports")));
      assertThat(s.reload(next).result()).isEqualTo(Result.APPLIED);
      await().atMost(Duration.ofSeconds(10)).until(s::keyspaceSubscribed);

      CacheServiceBlockingStub c = fixture.client(s);
      String reports = L2Config.defaultPrefix(fixture.channel(), "reports");
      await() // the L2 connection starts with the reload: UNAVAILABLE until it is up
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> write(c, "reports", "r:1", "mine"));
      assertThat(get(c, "reports", "r:1").getValue().toStringUtf8()).isEqualTo("mine");
      RedisCli.command(redis.host(), redis.port(), "SET", reports + "r:1", "theirs");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> get(c, "reports", "r:1").getValue().toStringUtf8().equals("theirs"));
    }
  }

  @Test
  @DisplayName(
      "a WriteBehind cache rebuilt by a reload stores the writes from before and after it; removed,"
          + " its flusher stops")
  void writeBehindAcrossReload() {
    try (RedisServer redis = RedisServer.start();
        TestStore store = new TestStore();
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s =
          fixture
              .start(
                  1,
                  redis.uri(),
                  c ->
                      c.withLoader(LoaderConfig.at(store.target()))
                          .withCaches(List.of(CacheConfig.lookAside("books"), writeBehind(500))))
              .get(0);
      CacheServiceBlockingStub c = fixture.client(s);
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> write(c, "wb", "before", "1"));

      SidecarConfig rebuilt =
          s.config().withCaches(List.of(CacheConfig.lookAside("books"), writeBehind(7)));
      assertThat(s.reload(rebuilt).detail()).contains("wb rebuilt");
      assertThat(write(c, "wb", "after", "2")).isTrue();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> "1".equals(store.row("before")) && "2".equals(store.row("after")));
      assertThat(flusherRunning("wb")).isTrue();

      SidecarConfig removed = s.config().withCaches(List.of(CacheConfig.lookAside("books")));
      assertThat(s.reload(removed).result()).isEqualTo(Result.APPLIED);
      await().atMost(Duration.ofSeconds(15)).until(() -> !flusherRunning("wb"));
    }
  }
}
