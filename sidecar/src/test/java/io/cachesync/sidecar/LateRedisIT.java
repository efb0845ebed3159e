package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A sidecar that starts before its Redis: every connection comes up once Redis answers. */
class LateRedisIT {

  @Test
  @DisplayName(
      "Redis down at start, then started on its port: the bus, the keyspace listener and the L2 link connect, and the sidecar serves")
  void everyUserConnects() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Eg$x");
        SidecarFixture fixture = new SidecarFixture()) {
      redis.stop();
      Sidecar s = fixture.startOne(KeyspaceIT.l2Books().apply(fixture.config(redis.uri())));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(s.health().detail()).contains("not ready", "is unreachable"));
      assertThat(s.serving()).isFalse();
      assertThat(s.keyspaceSubscribed()).isFalse();

      redis.restart();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  s.serving() && s.bus().state() == SyncState.CONNECTED && s.keyspaceSubscribed());
      assertThat(s.health().detail()).isEqualTo("invalidations flow");
      assertThat(missThenFill(fixture.client(s), "books", "k", "v")).isTrue();
      String prefix = L2Config.defaultPrefix(fixture.channel(), "books");
      await()
          .untilAsserted(
              () ->
                  assertThat(RedisCli.command(redis.host(), redis.port(), "GET", prefix + "k"))
                      .as("filled in L2 over the data connection")
                      .contains("v"));
    }
  }
}
