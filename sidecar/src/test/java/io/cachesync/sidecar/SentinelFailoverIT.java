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
import io.cachesync.sidecar.sync.BusCounters;
import io.cachesync.sidecar.sync.SyncState;
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
    String master = redis.master().toString();
    for (Sidecar s : sidecars) assertThat(s.health().redisServer()).isEqualTo(master);
    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", "k", "v0")).isTrue();
    assertThat(write(clients.get(0), "books", "k", "v1")).isTrue();
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c, "books", "k"));
      assertThat(missThenFill(c, "books", "k", "v1")).isTrue();
    }
    long[] repaired = sidecars.stream().mapToLong(s -> repairedOrResumed(s, delivery)).toArray();
    long[] repairs = sidecars.stream().mapToLong(s -> s.bus().counters().repairs()).toArray();
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
    // written while there is no master: kept locally and buffered for the peers
    assertThat(write(clients.get(0), "books", "k", "v2")).isTrue();
    RedisAddress promoted = redis.awaitFailover();
    assertThat(promoted).isNotEqualTo(killed);

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
    // the overwritten v1 is gone everywhere: repaired away, or replaced by the buffered write
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

    // and after the failover, a write on one sidecar invalidates the others through the new master
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      if (!hits(c, "books", "k")) assertThat(missThenFill(c, "books", "k", "v2")).isTrue();
    }
    assertThat(write(clients.get(0), "books", "k", "v3")).isTrue();
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c, "books", "k"));
    }
  }

  private static String replicationOffset(RedisAddress node) {
    return node.command("INFO", "replication")
        .lines()
        .filter(l -> l.startsWith("master_repl_offset:"))
        .findFirst()
        .orElse("?");
  }

  /** Over Pub/Sub a reconnect must clear; a stream reader may read on from where it was instead. */
  private static long repairedOrResumed(Sidecar s, Delivery delivery) {
    BusCounters c = s.bus().counters();
    return delivery == Delivery.Stream ? c.repairs() + c.resumes() : c.repairs();
  }
}
