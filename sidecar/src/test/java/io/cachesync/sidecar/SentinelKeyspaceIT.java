package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisSentinels;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * L2 and keyspace notifications in {@code redis.mode: Sentinel}: both follow the master across a
 * failover, so an outside writer on the promoted master still reaches the sidecar's L1.
 */
class SentinelKeyspaceIT {

  @Test
  @DisplayName(
      "a key deleted by a plain client on the master drops the L1 copy, before and after a failover")
  void keyspaceFollowsTheMaster() {
    try (RedisSentinels redis = RedisSentinels.start();
        SidecarFixture fixture = new SidecarFixture()) {
      // on both nodes, as the operator sets them: a replica promoted later must send them too
      for (RedisAddress node : redis.dataNodes()) {
        node.command("CONFIG", "SET", "notify-keyspace-events", "Eg$x");
      }
      Sidecar s =
          fixture.start(1, RedisConfig.sentinel(redis.sentinelUri()), KeyspaceIT.l2Books()).get(0);
      var client = fixture.client(s);
      String prefix = L2Config.defaultPrefix(fixture.channel(), "books");
      await().until(s::keyspaceSubscribed);

      assertThat(missThenFill(client, "books", "a", "v")).isTrue();
      redis.master().command("DEL", prefix + "a");
      await().atMost(Duration.ofSeconds(5)).until(() -> !hits(client, "books", "a"));

      redis.killMaster();
      RedisAddress promoted = redis.awaitFailover();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  s.bus().state() == SyncState.CONNECTED
                      && s.health().redisServer().equals(promoted.toString())
                      && s.keyspaceSubscribed());

      // the fill lands in L2 on the promoted master, and its DEL there comes back as an event
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                if (!hits(client, "books", "b")) missThenFill(client, "books", "b", "v");
                return promoted.command("EXISTS", prefix + "b").equals("1");
              });
      assertThat(hits(client, "books", "b")).isTrue();
      promoted.command("DEL", prefix + "b");
      await().atMost(Duration.ofSeconds(5)).until(() -> !hits(client, "books", "b"));
    }
  }
}
