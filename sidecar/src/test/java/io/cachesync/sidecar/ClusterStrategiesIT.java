package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.MetricsConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every strategy on a Redis Cluster, across three sidecars: invalidations over the shard channel,
 * L2 over every shard, write-behind on its hash tag's shard, keyspace events from every master.
 * Each test reads a key on all three, writes it through one, and checks the other two never serve
 * the old value again, and what reached the application's store.
 */
class ClusterStrategiesIT {
  static RedisCluster cluster;
  TestStore store;
  SidecarFixture fixture;
  List<CacheServiceBlockingStub> clients;
  String channel;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
    // as the operator sets them, on every node: a promoted replica must send them too
    for (ClusterNode node : cluster.nodes()) {
      node.address().command("CONFIG", "SET", "notify-keyspace-events", "Eg$x");
    }
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void start() {
    store = new TestStore();
    fixture = new SidecarFixture();
    channel = "cachesync.test." + UUID.randomUUID();
  }

  /**
   * Three sidecars with every strategy; with {@code keyspace}, listening to keyspace events too
   * (which also drop peers' copies when a sidecar writes L2, so the bus is tested without them).
   */
  void startSidecars(boolean keyspace) {
    SidecarConfig config =
        ConfigLoader.parse(
                """
                redis: {url: '%s', mode: Cluster}
                grpc: {port: 0}
                sync: {channel: '%s', heartbeatInterval: 200ms}
                loader: {target: '%s'}
                keyspaceNotifications: {events: [%s]}
                caches:
                  - {name: la, strategy: LookAside, l2: {enabled: true}}
                  - {name: rt, strategy: ReadThrough, l2: {enabled: true}}
                  - {name: wt, strategy: WriteThrough, l2: {enabled: true}}
                  - {name: wb, strategy: WriteBehind, writeBehind: {flushInterval: 50ms}}
                  - {name: wa, strategy: WriteAround, l2: {enabled: true}}
                """
                    .formatted(
                        cluster.seed().uri(),
                        channel,
                        store.target(),
                        keyspace ? "set, del, expired" : ""))
            .withMetrics(MetricsConfig.off());
    List<Sidecar> sidecars = new ArrayList<>();
    for (int i = 0; i < 3; i++) sidecars.add(fixture.startOne(config));
    for (Sidecar s : sidecars) {
      await().atMost(Duration.ofSeconds(20)).until(() -> s.serving() && s.keyspaceSubscribed());
    }
    clients = sidecars.stream().map(fixture::client).toList();
  }

  @AfterEach
  void stop() {
    fixture.close();
    store.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"la", "rt", "wt", "wb", "wa"})
  @DisplayName(
      "a value read on three sidecars and overwritten through one is never served by the other two"
          + " afterwards, and reaches the store as the strategy says")
  void overwrite(String cache) {
    startSidecars(false); // peers hear of the write through the shard channel only
    // every sidecar holds v1
    store.put("k", "v1");
    for (CacheServiceBlockingStub c : clients) {
      if (cache.equals("la")) {
        if (!hits(c, cache, "k")) assertThat(missThenFill(c, cache, "k", "v1")).isTrue();
      } else {
        assertThat(value(get(c, cache, "k"))).isEqualTo("v1");
      }
      assertThat(hits(c, cache, "k")).isTrue();
    }

    // LookAside and ReadThrough: the application writes its store itself, then the cache
    if (cache.equals("la") || cache.equals("rt")) store.put("k", "v2");
    assertThat(write(clients.get(0), cache, "k", "v2")).isTrue();

    for (CacheServiceBlockingStub c : clients.subList(1, 3)) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                GetResponse r = get(c, cache, "k");
                return !r.getFound() || value(r).equals("v2");
              });
      // from here on, never v1 again (L2 or the store answers v2)
      for (int i = 0; i < 5; i++) {
        GetResponse r = get(c, cache, "k");
        assertThat(!r.getFound() || value(r).equals("v2"))
            .as("%s serves %s", cache, value(r))
            .isTrue();
      }
    }
    switch (cache) {
      case "wt", "wa" -> assertThat(store.row("k")).isEqualTo("v2");
      case "wb" -> await().atMost(Duration.ofSeconds(10)).until(() -> "v2".equals(store.row("k")));
      default -> {}
    }
    if (!cache.equals("la")) {
      assertThat(value(get(clients.get(2), cache, "k"))).isEqualTo("v2");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rt", "wt", "wa"})
  @DisplayName(
      "a key an outside writer deletes from L2, on whichever master holds it, drops every sidecar's"
          + " copy (keyspace events from every master)")
  void outsideDelete(String cache) {
    startSidecars(true);
    store.put("x", "v1");
    for (CacheServiceBlockingStub c : clients)
      assertThat(value(get(c, cache, "x"))).isEqualTo("v1");
    String l2Key = channel + ":l2:" + cache + ":x";
    await().until(() -> cluster.masterFor(l2Key).command("EXISTS", l2Key).equals("1"));
    store.put("x", "v2");
    cluster.masterFor(l2Key).command("DEL", l2Key);
    // the L1 copy dropped: the next read goes to the store (a copy kept would still say v1)
    for (CacheServiceBlockingStub c : clients) {
      await().atMost(Duration.ofSeconds(5)).until(() -> "v2".equals(value(get(c, cache, "x"))));
    }
  }

  private static String value(GetResponse r) {
    return r.getFound() ? r.getValue().toStringUtf8() : null;
  }
}
