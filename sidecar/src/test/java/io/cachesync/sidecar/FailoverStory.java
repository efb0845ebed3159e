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
import io.cachesync.sidecar.sync.BusCounters;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.testsupport.RedisAddress;
import java.time.Duration;
import java.util.List;

/**
 * What every failover test of three sidecars checks, whatever the topology: before, each is on the
 * master and a write on the first drops the others' copies of {@code k} (v1 filled back); the test
 * kills the master and writes v2 on the first while there is none; after, each is back on the
 * promoted master, its repair (or, from a stream, its resume) counted, v1 served by no peer, and a
 * write through the new master drops the peers' copies again.
 */
final class FailoverStory {
  private final List<Sidecar> sidecars;
  private final List<CacheServiceBlockingStub> clients;
  private final Delivery delivery;
  private final long[] repairedOrResumed;
  private final long[] repairs;

  private FailoverStory(
      List<Sidecar> sidecars, List<CacheServiceBlockingStub> clients, Delivery delivery) {
    this.sidecars = sidecars;
    this.clients = clients;
    this.delivery = delivery;
    this.repairedOrResumed =
        sidecars.stream().mapToLong(s -> repairedOrResumed(s, delivery)).toArray();
    this.repairs = sidecars.stream().mapToLong(s -> s.bus().counters().repairs()).toArray();
  }

  /** Every sidecar on {@code master}, and v1 of {@code k} written on the first and synced. */
  static FailoverStory begin(
      List<Sidecar> sidecars,
      List<CacheServiceBlockingStub> clients,
      Delivery delivery,
      RedisAddress master) {
    for (Sidecar s : sidecars) assertThat(s.health().redisServer()).isEqualTo(master.toString());
    for (CacheServiceBlockingStub c : clients) {
      assertThat(missThenFill(c, "books", "k", "v0")).isTrue();
    }
    assertThat(write(clients.get(0), "books", "k", "v1")).isTrue();
    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      await().atMost(Duration.ofSeconds(2)).until(() -> !hits(c, "books", "k"));
      assertThat(missThenFill(c, "books", "k", "v1")).isTrue();
    }
    return new FailoverStory(sidecars, clients, delivery);
  }

  /** The master is dead: v2 written on the first sidecar, kept locally and buffered for peers. */
  void writeWithoutMaster() {
    assertThat(write(clients.get(0), "books", "k", "v2")).isTrue();
  }

  /** After the failover to {@code promoted}: see the class comment. */
  void recoveredOn(RedisAddress promoted) {
    for (int i = 0; i < sidecars.size(); i++) {
      Sidecar s = sidecars.get(i);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  s.bus().state() == SyncState.CONNECTED
                      && s.health().redisServer().equals(promoted.toString()));
      assertThat(s.bus().counters().serverChanges()).isEqualTo(1);
      long before = repairedOrResumed[i];
      await().atMost(Duration.ofSeconds(5)).until(() -> repairedOrResumed(s, delivery) > before);
      if (delivery == Delivery.Stream) {
        // the promoted replica continues the old master's history: read on there, no clear
        assertThat(s.bus().counters().repairs()).isEqualTo(repairs[i]);
      }
    }
    // the overwritten v1 is gone everywhere: repaired away, or replaced by the buffered v2
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

    // and through the promoted master a write on one sidecar drops the others' copies again
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
