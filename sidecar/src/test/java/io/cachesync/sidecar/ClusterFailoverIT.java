package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.SyncConfig;
import io.cachesync.sidecar.sync.BusCounters;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import java.time.Duration;
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
    for (Sidecar s : sidecars) assertThat(s.health().redisServer()).isEqualTo(master.toString());
    for (CacheServiceBlockingStub c : clients) {
      assertThat(missThenFill(c, "books", "k", "v0")).isTrue();
    }
    assertThat(write(clients.get(0), "books", "k", "v1")).isTrue();
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c, "books", "k"));
      assertThat(missThenFill(c, "books", "k", "v1")).isTrue();
    }
    long[] repaired = sidecars.stream().mapToLong(s -> repairedOrResumed(s, delivery)).toArray();
    long[] repairs = sidecars.stream().mapToLong(s -> s.bus().counters().repairs()).toArray();
    cluster.awaitReplicasInSync(); // so the promoted replica holds every frame read so far

    cluster.killMaster(master);
    // written while the channel has no master: kept locally, buffered (retried) for the peers
    assertThat(write(clients.get(0), "books", "k", "v2")).isTrue();
    RedisAddress promoted = cluster.awaitFailover();

    for (int i = 0; i < sidecars.size(); i++) {
      Sidecar s = sidecars.get(i);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  s.bus().state() == SyncState.CONNECTED
                      && s.health().redisServer().equals(promoted.toString()));
      assertThat(s.bus().counters().serverChanges()).isEqualTo(1);
      long before = repaired[i];
      await().atMost(Duration.ofSeconds(5)).until(() -> repairedOrResumed(s, delivery) > before);
      if (delivery == Delivery.Stream) {
        // the promoted replica continues the old master's history: read on there, no clear
        assertThat(s.bus().counters().repairs()).isEqualTo(repairs[i]);
      }
    }
    // v1 is gone everywhere: repaired away, or replaced by the buffered write of v2
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                GetResponse r = get(c, "books", "k");
                return !r.getFound() || r.getValue().toStringUtf8().equals("v2");
              });
    }
    await().until(() -> sidecars.get(0).bus().bufferedKeys() == 0);

    // and on the promoted master a write on one sidecar drops the others' copies again
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      if (!hits(c, "books", "k")) assertThat(missThenFill(c, "books", "k", "v2")).isTrue();
    }
    assertThat(write(clients.get(0), "books", "k", "v3")).isTrue();
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c, "books", "k"));
    }
  }

  /** Over Pub/Sub a re-subscription must clear; a stream reader may read on instead. */
  private static long repairedOrResumed(Sidecar s, Delivery delivery) {
    BusCounters c = s.bus().counters();
    return delivery == Delivery.Stream ? c.repairs() + c.resumes() : c.repairs();
  }
}
