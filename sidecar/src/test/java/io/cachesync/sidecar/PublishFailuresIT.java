package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A connection that answers every PUBLISH with an error is no working bus, and says so. */
class PublishFailuresIT {
  RedisServer redis;
  SidecarFixture fixture;
  Sidecar sidecar;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    sidecar = fixture.start(1, redis.uri()).get(0);
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  @Test
  @DisplayName(
      "PUBLISH refused by an ACL: DEGRADED with the reason in health after a bounded time, CONNECTED again once allowed")
  void publishRefused() {
    assertThat(sidecar.bus().state()).isEqualTo(SyncState.CONNECTED);
    RedisCli.command(redis.host(), redis.port(), "ACL", "SETUSER", "default", "-publish");

    await().atMost(Duration.ofSeconds(15)).until(() -> sidecar.bus().state() == SyncState.DEGRADED);
    assertThat(sidecar.health().detail()).contains("publishing to", "NOPERM", "peers are not told");
    assertThat(sidecar.serving()).as("reads go on from L1").isTrue();

    RedisCli.command(redis.host(), redis.port(), "ACL", "SETUSER", "default", "+publish");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> sidecar.bus().state() == SyncState.CONNECTED);
  }
}
