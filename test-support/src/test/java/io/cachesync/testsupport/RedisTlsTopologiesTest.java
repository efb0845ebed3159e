package io.cachesync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentinel and Cluster topologies whose every process speaks TLS only and demands client
 * certificates (the strictest case: replication, the cluster bus and the sentinels' links need
 * theirs too), serving and failing over.
 */
@Timeout(120)
class RedisTlsTopologiesTest {
  @TempDir Path dir;
  RedisTlsMode mtls;
  RedisTlsMode withoutClientCertificate;

  @BeforeEach
  void certificates() {
    assumeTrue(RedisBinaries.onPath().isPresent(), "no redis-server on PATH");
    TestCertificates ca = TestCertificates.authority(dir, "topology");
    withoutClientCertificate = RedisTlsMode.of(ca, ca.server("node", "127.0.0.1"));
    mtls = withoutClientCertificate.requiringClientCertificates(ca.client("probe"));
  }

  @Test
  @DisplayName(
      "TLS sentinels: every process refuses plain clients, the replica syncs over TLS, and the"
          + " sentinels promote it when the master is killed")
  void sentinels() {
    try (RedisSentinels topology =
        RedisSentinels.start(RedisSentinels.Options.defaults().withTls(mtls))) {
      assertThat(topology.sentinelUri()).startsWith("rediss-sentinel://127.0.0.1:");
      RedisAddress master = topology.master();
      RedisAddress replica = topology.dataNodes().get(1);
      for (RedisAddress any : topology.sentinelAddresses()) refusesPlainAndAnonymous(any);
      refusesPlainAndAnonymous(master);
      assertThat(master.command("SET", "k", "v")).isEqualTo("OK");
      await().atMost(Duration.ofSeconds(5)).until(() -> replica.command("GET", "k").equals("v"));

      topology.killMaster();
      assertThat(topology.awaitFailover()).isEqualTo(replica);
      assertThat(replica.command("GET", "k")).isEqualTo("v");
    }
  }

  @Test
  @DisplayName(
      "a TLS cluster: nodes announce their TLS ports, refuse plain clients, and a replica takes"
          + " over a killed master through the TLS cluster bus")
  void cluster() {
    try (RedisCluster cluster = RedisCluster.startTls(mtls)) {
      assertThat(cluster.seedUri()).isEqualTo("rediss://" + cluster.seed());
      for (ClusterNode node : cluster.nodes()) refusesPlainAndAnonymous(node.address());
      RedisAddress master = cluster.masterFor("k");
      assertThat(master.command("SET", "k", "v")).isEqualTo("OK");
      cluster.awaitReplicasInSync();

      cluster.killMaster(master);
      RedisAddress promoted = cluster.awaitFailover();
      assertThat(promoted.command("GET", "k")).isEqualTo("v");
      assertThat(cluster.masterFor("k")).isEqualTo(promoted);
    }
  }

  @Test
  @DisplayName(
      "a TLS cluster with certificates for servers only is refused before any node starts, saying"
          + " the cluster bus needs client authentication")
  void serverOnlyCertificatesForACluster() {
    assertThatThrownBy(() -> RedisCluster.startTls(withoutClientCertificate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TestCertificates.node(...)");
  }

  private void refusesPlainAndAnonymous(RedisAddress node) {
    assertThat(Ping.pong(node.host(), node.port())).as("plain PING to " + node).isFalse();
    assertThat(Ping.pong(node.host(), node.port(), TlsPing.factory(withoutClientCertificate)))
        .as("TLS PING without a client certificate to " + node)
        .isFalse();
    assertThat(Ping.pong(node.host(), node.port(), TlsPing.factory(mtls))).isTrue();
  }
}
