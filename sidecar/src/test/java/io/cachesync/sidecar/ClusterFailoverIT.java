package io.cachesync.sidecar;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.SyncConfig;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failover of the master that serves the invalidation channel (or the frames stream's key): it is
 * SIGKILLed, its replica promoted. Lettuce does not move a shard subscription by itself; the bus
 * follows the slot to the promoted master, repairs (or reads on) and counts it, as after any
 * reconnect. Each test fails over a master that still has a replica, so one cluster serves both.
 */
class ClusterFailoverIT {
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
      "the channel's master SIGKILLed, its replica promoted: every sidecar moves to it, repairs and"
          + " counts it, and no peer serves a value overwritten across the failover")
  void failover(Delivery delivery) {
    String channel = ClusterChannels.channelWithReplica(cluster, delivery);
    List<Sidecar> sidecars =
        fixture.start(
            3,
            RedisConfig.cluster(cluster.seed().uri()),
            c -> c.withSync(c.sync().withChannel(channel).withDelivery(delivery)));
    SyncConfig sync = sidecars.get(0).config().sync();
    List<CacheServiceBlockingStub> clients = sidecars.stream().map(fixture::client).toList();
    RedisAddress master = cluster.masterFor(ClusterChannels.carrier(sync));
    FailoverStory story = FailoverStory.begin(sidecars, clients, delivery, master);
    cluster.awaitReplicasInSync(); // so the promoted replica holds every frame read so far

    cluster.killMaster(master);
    story.writeWithoutMaster();
    story.recoveredOn(cluster.awaitFailover());
  }
}
