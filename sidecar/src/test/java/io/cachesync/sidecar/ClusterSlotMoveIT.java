package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.sync.BusCounters;
import io.cachesync.sidecar.sync.SyncState;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The slot of the channel (or the frames stream's key) moved to another master, as a resharding
 * does: Redis unsubscribes the shard channel's subscribers (SUNSUBSCRIBE), and Lettuce does not
 * subscribe again by itself; the bus subscribes on the new owner, repairs and counts it.
 */
class ClusterSlotMoveIT {
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
      "the channel's slot moved to another master: every sidecar follows it there, repairs and"
          + " counts it, and a write drops the peers' copies through the new owner")
  void slotMoves(Delivery delivery) {
    List<Sidecar> sidecars =
        fixture.start(
            3,
            RedisConfig.cluster(cluster.seed().uri()),
            c -> c.withSync(c.sync().withDelivery(delivery)));
    List<CacheServiceBlockingStub> clients = sidecars.stream().map(fixture::client).toList();
    String carrier = ClusterChannels.carrier(sidecars.get(0).config().sync());
    // a frame in the stream first, so a moved stream key has entries to carry along
    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", "k", "v0")).isTrue();
    assertThat(write(clients.get(0), "books", "k", "v1")).isTrue();
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c, "books", "k"));
      assertThat(missThenFill(c, "books", "k", "v1")).isTrue();
    }
    long[] before = sidecars.stream().mapToLong(s -> repairedOrResumed(s, delivery)).toArray();

    RedisAddress from = cluster.masterFor(carrier);
    RedisAddress to =
        cluster.masters().stream()
            .map(ClusterNode::address)
            .filter(a -> !a.equals(from))
            .findFirst()
            .orElseThrow();
    moveSlot(cluster.slotOf(carrier), from, to);

    for (int i = 0; i < sidecars.size(); i++) {
      Sidecar s = sidecars.get(i);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  s.bus().state() == SyncState.CONNECTED
                      && s.health().redisServer().equals(to.toString()));
      assertThat(s.bus().counters().serverChanges()).isEqualTo(1);
      long was = before[i];
      await().atMost(Duration.ofSeconds(5)).until(() -> repairedOrResumed(s, delivery) > was);
    }
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      if (!hits(c, "books", "k")) assertThat(missThenFill(c, "books", "k", "v1")).isTrue();
    }
    assertThat(write(clients.get(0), "books", "k", "v2")).isTrue();
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c, "books", "k"));
    }
  }

  /** Moves {@code slot} and its keys from one master to another, as redis-cli --cluster reshard. */
  private static void moveSlot(int slot, RedisAddress from, RedisAddress to) {
    String s = Integer.toString(slot);
    String fromId = idOf(from);
    String toId = idOf(to);
    assertThat(to.command("CLUSTER", "SETSLOT", s, "IMPORTING", fromId)).isEqualTo("OK");
    assertThat(from.command("CLUSTER", "SETSLOT", s, "MIGRATING", toId)).isEqualTo("OK");
    String keys = from.command("CLUSTER", "GETKEYSINSLOT", s, "1000");
    for (String key : keys.substring(1, keys.length() - 1).split(", ")) {
      if (key.isEmpty()) continue;
      assertThat(from.command("MIGRATE", to.host(), Integer.toString(to.port()), key, "0", "5000"))
          .isEqualTo("OK");
    }
    for (ClusterNode master : cluster.masters()) {
      master.address().command("CLUSTER", "SETSLOT", s, "NODE", toId);
    }
  }

  private static String idOf(RedisAddress node) {
    return cluster.nodes().stream()
        .filter(n -> n.address().equals(node))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private static long repairedOrResumed(Sidecar s, Delivery delivery) {
    BusCounters c = s.bus().counters();
    return delivery == Delivery.Stream ? c.repairs() + c.resumes() : c.repairs();
  }
}
