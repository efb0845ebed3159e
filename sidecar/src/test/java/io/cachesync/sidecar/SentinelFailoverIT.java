package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisSentinels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sidecars on a master, a replica and three sentinels ({@code redis.mode: Sentinel}): they find the
 * master through the sentinels, and a failover (the master SIGKILLed, the replica promoted) is a
 * reconnect to the new master, repaired (or, from a stream, read on) and counted like any other.
 */
class SentinelFailoverIT {
  RedisSentinels redis;
  SidecarFixture fixture;

  @BeforeEach
  void start() {
    redis = RedisSentinels.start();
    fixture = new SidecarFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  @ParameterizedTest(name = "delivery {0}")
  @EnumSource(Delivery.class)
  @DisplayName(
      "sidecars sync through the master the sentinels name; master SIGKILLed, replica promoted:"
          + " they reconnect to it, repair and count it, and no peer serves a value overwritten"
          + " across the failover")
  void failover(Delivery delivery) {
    List<Sidecar> sidecars =
        fixture.start(
            3,
            RedisConfig.sentinel(redis.sentinelUri()),
            c -> c.withSync(c.sync().withDelivery(delivery)));
    List<CacheServiceBlockingStub> clients = sidecars.stream().map(fixture::client).toList();
    // before: every sidecar is on the master the sentinels name, and peers drop written keys
    FailoverStory story = FailoverStory.begin(sidecars, clients, delivery, redis.master());
    // the replica holds every frame read so far (replication is asynchronous)
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                redis.dataNodes().stream()
                        .map(SentinelFailoverIT::replicationOffset)
                        .distinct()
                        .count()
                    == 1);

    RedisAddress killed = redis.killMaster();
    story.writeWithoutMaster();
    RedisAddress promoted = redis.awaitFailover();
    assertThat(promoted).isNotEqualTo(killed);
    story.recoveredOn(promoted);
  }

  private static String replicationOffset(RedisAddress node) {
    return node.command("INFO", "replication")
        .lines()
        .filter(l -> l.startsWith("master_repl_offset:"))
        .findFirst()
        .orElse("?");
  }
}
