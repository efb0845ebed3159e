package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sidecars on a Redis Cluster of three masters and three replicas ({@code redis.mode: Cluster}):
 * the invalidation channel is a shard channel on the master of its slot, and a write on one sidecar
 * drops the others' copies through it (or through the frames stream, on its key's master).
 */
class ClusterSyncIT {
  static RedisCluster cluster;
  SidecarFixture fixture;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void start() {
    fixture = new SidecarFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @ParameterizedTest(name = "delivery {0}")
  @EnumSource(Delivery.class)
  @DisplayName(
      "three sidecars in Cluster mode: a write on one drops the copies of the other two, and each"
          + " reports the node that serves the channel (or stream) as its Redis server")
  void syncs(Delivery delivery) {
    List<Sidecar> sidecars =
        fixture.start(
            3,
            RedisConfig.cluster(cluster.seed().uri()),
            c -> c.withSync(c.sync().withDelivery(delivery)));
    List<CacheServiceBlockingStub> clients = sidecars.stream().map(fixture::client).toList();
    RedisAddress carrier =
        cluster.masterFor(ClusterChannels.carrier(sidecars.get(0).config().sync()));
    for (Sidecar s : sidecars) assertThat(s.health().redisServer()).isEqualTo(carrier.toString());

    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", "k", "v0")).isTrue();
    assertThat(write(clients.get(1), "books", "k", "v1")).isTrue();
    for (CacheServiceBlockingStub c : List.of(clients.get(0), clients.get(2))) {
      await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c, "books", "k"));
    }
    assertThat(hits(clients.get(1), "books", "k")).isTrue();
    for (Sidecar s : sidecars) {
      assertThat(s.bus().counters().repairs()).isZero();
      assertThat(s.bus().counters().serverChanges()).isZero();
      // the node of the channel's slot is connected before the first frame: none is refused
      assertThat(s.bus().counters().publishFailures()).isZero();
    }
  }

  @Test
  @DisplayName(
      "the channel is a shard channel: only the master of its slot lists it (PUBSUB SHARDCHANNELS),"
          + " with every sidecar subscribed, and no node has it as a classic channel")
  void sharded() {
    List<Sidecar> sidecars = fixture.start(3, RedisConfig.cluster(cluster.seed().uri()), c -> c);
    String channel = fixture.channel();
    RedisAddress owner = cluster.masterFor(channel);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> owner.command("PUBSUB", "SHARDNUMSUB", channel).equals("[" + channel + ", 3]"));
    assertThat(owner.command("PUBSUB", "SHARDCHANNELS")).contains(channel);
    for (ClusterNode master : cluster.masters()) {
      assertThat(master.address().command("PUBSUB", "CHANNELS")).doesNotContain(channel);
      if (!master.address().equals(owner)) {
        assertThat(master.address().command("PUBSUB", "SHARDCHANNELS")).doesNotContain(channel);
      }
    }
    // and a frame gets through it: sidecar 0's write drops the copy on sidecar 2
    var c0 = fixture.client(sidecars.get(0));
    var c2 = fixture.client(sidecars.get(2));
    assertThat(missThenFill(c2, "authors", "a", "x")).isTrue();
    assertThat(write(c0, "authors", "a", "y")).isTrue();
    await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c2, "authors", "a"));
  }
}
