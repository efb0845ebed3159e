package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.model.TlsSpec;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import io.cachesync.testsupport.RedisSentinels;
import io.cachesync.testsupport.RedisTlsMode;
import io.cachesync.testsupport.tls.PemPair;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster and Sentinel CacheSyncs on topologies whose every process speaks TLS only and demands
 * client certificates: the operator reaches every node the seed or the sentinels list with the CA
 * and client certificate of the CacheSync's labelled Secrets, as the sidecars do, and says so when
 * a node's certificate does not name the address the cluster announces for it.
 */
class TopologyTlsKeyspaceFlagsIT extends OperatorOnMockServer {
  @TempDir Path dir;
  TestCertificates ca;
  PemPair operatorCert;

  @BeforeEach
  void secrets() throws Exception {
    KeyspaceFlagsDependentResource.pollEvery = Duration.ofSeconds(1);
    ca = TestCertificates.authority(dir, "cluster");
    operatorCert = ca.client("operator");
    client
        .resource(
            CacheSyncs.redisSecret(
                NS, "redis-ca", "Opaque", Map.of("ca.crt", Files.readString(ca.caFile())), true))
        .create();
    client
        .resource(
            CacheSyncs.redisSecret(
                NS,
                "redis-client",
                "kubernetes.io/tls",
                Map.of(
                    "tls.crt", Files.readString(operatorCert.certFile()),
                    "tls.key", Files.readString(operatorCert.keyFile())),
                true))
        .create();
  }

  @AfterEach
  void pollAsUsual() {
    KeyspaceFlagsDependentResource.pollEvery = KeyspaceFlagsDependentResource.POLL;
  }

  static CacheSync onCluster(String name, String seedUrl) {
    return overTls(name, seedUrl, RedisMode.Cluster);
  }

  static CacheSync overTls(String name, String url, RedisMode mode) {
    CacheSync cs = CacheSyncs.withEvents(CacheSyncs.minimal(NS, name, url), KeyspaceEvent.del);
    cs.getSpec().getRedis().setMode(mode);
    TlsSpec tls = new TlsSpec();
    tls.setCaSecretName("redis-ca");
    tls.setClientCertSecretName("redis-client");
    cs.getSpec().getRedis().setTls(tls);
    return cs;
  }

  static String flags(RedisAddress node) {
    String reply = node.command("CONFIG", "GET", "notify-keyspace-events");
    return reply.substring(reply.indexOf(',') + 1).replaceAll("[\\[\\] ]", "");
  }

  @Test
  @DisplayName(
      "mTLS cluster: keyspace flags on all six nodes with the Secrets' CA and client certificate,"
          + " Ready; deletion takes them back from each")
  void flagsOnEveryNodeOverTls() {
    RedisTlsMode mtls =
        RedisTlsMode.of(ca, ca.server("node", "127.0.0.1"))
            .requiringClientCertificates(operatorCert);
    try (RedisCluster cluster = RedisCluster.startTls(mtls)) {
      List<RedisAddress> nodes = cluster.nodes().stream().map(ClusterNode::address).toList();
      client.resource(onCluster("tls", cluster.seedUri())).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> is("tls", "Ready", "True"));
      assertThat(conditionOf("tls", "KeyspaceNotifications").getReason()).isEqualTo("Enabled");
      assertThat(conditionOf("tls", "RedisReachable").getMessage())
          .contains(nodes.get(0) + " (")
          .doesNotContain("not reached");
      assertThat(nodes).hasSize(6).allSatisfy(n -> assertThat(flags(n)).contains("E", "g"));

      client.resources(CacheSync.class).inNamespace(NS).withName("tls").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client.resources(CacheSync.class).inNamespace(NS).withName("tls").get() == null);
      assertThat(nodes).allSatisfy(n -> assertThat(flags(n)).doesNotContain("E", "g"));
    }
  }

  @Test
  @DisplayName(
      "mTLS sentinels: the sentinels are asked over TLS, keyspace flags land on master and replica,"
          + " Ready; deletion takes them back from both")
  void flagsOnSentinelNodesOverTls() {
    RedisTlsMode mtls =
        RedisTlsMode.of(ca, ca.server("node", "127.0.0.1"))
            .requiringClientCertificates(operatorCert);
    try (RedisSentinels sentinels =
        RedisSentinels.start(RedisSentinels.Options.defaults().withTls(mtls))) {
      List<RedisAddress> nodes = sentinels.dataNodes();
      client.resource(overTls("sentinels", sentinels.sentinelUri(), RedisMode.Sentinel)).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> is("sentinels", "Ready", "True"));
      assertThat(conditionOf("sentinels", "KeyspaceNotifications").getReason())
          .isEqualTo("Enabled");
      assertThat(conditionOf("sentinels", "RedisReachable").getMessage())
          .contains(nodes.get(0) + " (master)")
          .contains(nodes.get(1) + " (replica)");
      assertThat(nodes).allSatisfy(n -> assertThat(flags(n)).contains("E", "g"));

      client.resources(CacheSync.class).inNamespace(NS).withName("sentinels").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client.resources(CacheSync.class).inNamespace(NS).withName("sentinels").get()
                      == null);
      assertThat(nodes).allSatisfy(n -> assertThat(flags(n)).doesNotContain("E", "g"));
    }
  }

  @Test
  @DisplayName(
      "certificates for the seed's name only: the nodes, reached at the 127.0.0.1 the cluster"
          + " announces, are refused with a message saying their certificates must name it")
  void certificatesMustNameAnnouncedAddresses() {
    try (RedisCluster cluster =
        RedisCluster.startTls(RedisTlsMode.of(ca, ca.node("byname", "localhost")))) {
      client.resource(onCluster("byname", "rediss://localhost:" + cluster.seed().port())).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> is("byname", "RedisReachable", "False"));
      assertThat(conditionOf("byname", "RedisReachable").getMessage())
          .contains("127.0.0.1:")
          .contains("every data node's certificate must name its announced address")
          .doesNotContain("does not name the host of spec.redis.url");
    }
  }
}
