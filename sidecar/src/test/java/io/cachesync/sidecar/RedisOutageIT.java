package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the bus does when Redis goes away, or cuts the subscription, while sidecars serve. */
class RedisOutageIT {
  RedisServer redis;
  SidecarFixture fixture;
  List<Sidecar> sidecars;
  List<CacheServiceBlockingStub> clients;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    sidecars = fixture.start(3, redis.uri());
    clients = sidecars.stream().map(fixture::client).toList();
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  @Test
  @DisplayName(
      "Redis killed and restarted on the same port: hits continue, sidecars reconnect and repair, updates propagate again")
  void redisRestart() {
    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", "isbn:1", "v1")).isTrue();

    redis.stop();
    for (Sidecar s : sidecars)
      await().atMost(Duration.ofSeconds(10)).until(() -> s.bus().state() == SyncState.DEGRADED);
    // the point of a local cache: reads keep being served from L1
    for (CacheServiceBlockingStub c : clients) assertThat(hits(c, "books", "isbn:1")).isTrue();
    assertThat(sidecars.get(0).health().detail()).contains("sync degraded");
    assertThat(
            clients
                .get(0)
                .stats(StatsRequest.newBuilder().setCache("books").build())
                .getSyncState())
        .isEqualTo("DEGRADED");
    // writes still work locally and are buffered for the peers
    assertThat(write(clients.get(0), "books", "isbn:2", "written during the outage")).isTrue();
    assertThat(sidecars.get(0).bus().bufferedKeys()).isEqualTo(1);

    long repairsBefore = sidecars.get(1).bus().counters().repairs();
    redis.restart();
    for (Sidecar s : sidecars)
      await().atMost(Duration.ofSeconds(15)).until(() -> s.bus().state() == SyncState.CONNECTED);
    // a reconnect is a repair: what peers may have missed is dropped, not trusted
    await().until(() -> sidecars.get(1).bus().counters().repairs() > repairsBefore);
    await().until(() -> !hits(clients.get(1), "books", "isbn:1"));
    await().until(() -> sidecars.get(0).bus().bufferedKeys() == 0);

    // and sync works again
    for (CacheServiceBlockingStub c : clients) {
      if (!hits(c, "books", "isbn:3"))
        assertThat(missThenFill(c, "books", "isbn:3", "v1")).isTrue();
    }
    clients
        .get(2)
        .invalidate(InvalidateRequest.newBuilder().setCache("books").addKeys("isbn:3").build());
    await()
        .until(
            () ->
                !hits(clients.get(0), "books", "isbn:3")
                    && !hits(clients.get(1), "books", "isbn:3"));
  }

  @Test
  @DisplayName("CLIENT KILL TYPE pubsub is detected and repaired, and sync goes on")
  void pubsubKilled() {
    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", "isbn:1", "v1")).isTrue();
    long repairs = sidecars.get(0).bus().counters().repairs();

    String killed =
        RedisCli.command(redis.host(), redis.port(), "CLIENT", "KILL", "TYPE", "pubsub");
    assertThat(killed).isEqualTo("3");

    for (Sidecar s : sidecars)
      await().atMost(Duration.ofSeconds(10)).until(() -> s.bus().counters().repairs() > repairs);
    for (CacheServiceBlockingStub c : clients) await().until(() -> !hits(c, "books", "isbn:1"));
    for (Sidecar s : sidecars) await().until(() -> s.bus().state() == SyncState.CONNECTED);

    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", "isbn:2", "v1")).isTrue();
    write(clients.get(0), "books", "isbn:2", "v2");
    await()
        .until(
            () ->
                !hits(clients.get(1), "books", "isbn:2")
                    && !hits(clients.get(2), "books", "isbn:2"));
    assertThat(get(clients.get(0), "books", "isbn:2").getValue().toStringUtf8()).isEqualTo("v2");
  }
}
