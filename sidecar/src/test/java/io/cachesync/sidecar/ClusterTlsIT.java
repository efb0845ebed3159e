package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.KeyspaceNotificationsConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.config.TlsConfig;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisCluster;
import io.cachesync.testsupport.RedisTlsMode;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode over TLS ({@code rediss://seed}): every node listens with TLS only, so the TLS of
 * {@code redis.tls} must reach the connections to the nodes the client discovers, not only the
 * seed's: the shard channel's master, and the masters of the L2 keys.
 */
class ClusterTlsIT {
  static Path dir;
  static TestCertificates ca;
  static RedisCluster cluster;
  SidecarFixture fixture;

  @BeforeAll
  static void startCluster() throws Exception {
    dir = Files.createTempDirectory("cluster-tls");
    ca = TestCertificates.authority(dir, "cluster");
    cluster = RedisCluster.startTls(RedisTlsMode.of(ca, ca.node("node", "127.0.0.1")));
    // as the operator sets them, on every node
    for (ClusterNode node : cluster.nodes()) {
      node.address().command("CONFIG", "SET", "notify-keyspace-events", "Eg$x");
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @BeforeEach
  void start() {
    fixture = new SidecarFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static RedisConfig trusting(TestCertificates authority) {
    return RedisConfig.cluster(cluster.seedUri())
        .withTls(TlsConfig.defaults().withCaFile(authority.caFile().toString()));
  }

  @Test
  @DisplayName(
      "two sidecars on a TLS cluster: a fill on one is read from L2 by the other, and a write on"
          + " one drops the other's copy through the shard channel")
  void syncsAndReadsL2() {
    CacheConfig books =
        new CacheConfig("books", Strategy.LookAside, null, null, null, L2Config.on(), null);
    List<Sidecar> sidecars = fixture.start(2, trusting(ca), c -> c.withCaches(List.of(books)));
    CacheServiceBlockingStub a = fixture.client(sidecars.get(0));
    CacheServiceBlockingStub b = fixture.client(sidecars.get(1));
    assertThat(sidecars.get(0).health().redisServer())
        .isEqualTo(
            cluster.masterFor(ClusterChannels.carrier(sidecars.get(0).config().sync())).toString());

    assertThat(missThenFill(a, "books", "k", "v1")).isTrue();
    String l2Key = fixture.channel() + ":l2:books:k";
    assertThat(cluster.masterFor(l2Key).command("EXISTS", l2Key)).isEqualTo("1");
    assertThat(hits(b, "books", "k")).as("from L2, on a node found through the seed").isTrue();

    assertThat(write(a, "books", "k", "v2")).isTrue();
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> !get(b, "books", "k").getValue().toStringUtf8().equals("v1"));
  }

  @Test
  @DisplayName(
      "keyspace events over TLS from every master: an outside DEL of an L2 key, on whichever"
          + " master holds it, drops both sidecars' copies")
  void keyspaceEventsFromEveryMaster() {
    CacheConfig books =
        new CacheConfig("books", Strategy.LookAside, null, null, null, L2Config.on(), null);
    List<Sidecar> sidecars =
        fixture.start(
            2,
            trusting(ca),
            c ->
                c.withCaches(List.of(books))
                    // set too: the echo of the sidecar's own L2 fill is a set, which must arrive
                    .withKeyspaceNotifications(
                        new KeyspaceNotificationsConfig(List.of("set", "del"))));
    for (Sidecar s : sidecars) {
      await().atMost(Duration.ofSeconds(10)).until(s::keyspaceSubscribed);
    }
    CacheServiceBlockingStub a = fixture.client(sidecars.get(0));
    CacheServiceBlockingStub b = fixture.client(sidecars.get(1));
    assertThat(missThenFill(a, "books", "x", "v1")).isTrue();
    assertThat(hits(b, "books", "x")).isTrue();
    String l2Key = fixture.channel() + ":l2:books:x";
    assertThat(cluster.masterFor(l2Key).command("DEL", l2Key)).isEqualTo("1");
    for (CacheServiceBlockingStub c : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !hits(c, "books", "x"));
    }
  }

  @Test
  @DisplayName(
      "a CA that did not sign the nodes: the sidecar stays not ready and its health names"
          + " redis.tls.caFile")
  void untrustedNodes() throws Exception {
    TestCertificates other = TestCertificates.authority(dir, "other");
    Sidecar s = fixture.startOne(fixture.config(trusting(other)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> s.health().detail().contains("redis.tls.caFile"));
    assertThat(s.health().detail()).contains("not trusted by redis.tls.caFile " + other.caFile());
    assertThat(s.serving()).isFalse();
  }
}
