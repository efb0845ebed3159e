package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisSentinels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A planned failover ({@code SENTINEL FAILOVER}, as for an upgrade): the old master lives on as a
 * replica, so a sidecar left connected to it would publish where no peer listens. The sentinels cut
 * its clients; the sidecars must come back on the new master.
 */
class SentinelSwitchoverIT {

  @Test
  @DisplayName(
      "SENTINEL FAILOVER with both nodes alive: every sidecar moves to the new master and writes"
          + " still invalidate peers")
  void switchover() {
    try (RedisSentinels redis = RedisSentinels.start();
        SidecarFixture fixture = new SidecarFixture()) {
      List<Sidecar> sidecars = fixture.start(3, RedisConfig.sentinel(redis.sentinelUri()), c -> c);
      var clients = sidecars.stream().map(fixture::client).toList();
      RedisAddress old = redis.master();
      redis.sentinelAddresses().get(0).command("SENTINEL", "FAILOVER", redis.masterName());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !redis.master().equals(old) && old.command("ROLE").startsWith("[slave,"));
      RedisAddress promoted = redis.master();
      for (Sidecar s : sidecars) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    s.bus().state() == SyncState.CONNECTED
                        && s.health().redisServer().equals(promoted.toString()));
      }
      for (var c : clients.subList(1, 3)) {
        if (!hits(c, "books", "k")) assertThat(missThenFill(c, "books", "k", "v1")).isTrue();
      }
      assertThat(write(clients.get(0), "books", "k", "v2")).isTrue();
      for (var c : clients.subList(1, 3)) {
        await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c, "books", "k"));
      }
    }
  }
}
