package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.redis.KeyspaceLedger;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A Cluster CacheSync on a real 3 + 3 Redis Cluster named by one seed node: keyspace flags on all
 * six nodes and taken back from each on deletion; a replica that goes down is named in
 * RedisReachable without holding Ready back (every master still answers).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterKeyspaceFlagsIT extends OperatorOnMockServer {
  static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    KeyspaceFlagsDependentResource.pollEvery = Duration.ofSeconds(1);
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    KeyspaceFlagsDependentResource.pollEvery = KeyspaceFlagsDependentResource.POLL;
    cluster.close();
  }

  static CacheSync onCluster(String name) {
    return CacheSyncs.minimal(NS, name, cluster.seed().uri(), RedisMode.Cluster);
  }

  static String flags(RedisAddress node) {
    String reply = node.command("CONFIG", "GET", "notify-keyspace-events");
    return reply.substring(reply.indexOf(',') + 1).replaceAll("[\\[\\] ]", "");
  }

  static List<RedisAddress> everyNode() {
    return cluster.nodes().stream().map(ClusterNode::address).toList();
  }

  @Test
  @Order(1)
  @DisplayName(
      "keyspace flags on all six nodes, replicas included, Ready; deletion takes them back from each")
  void flagsOnEveryNode() {
    client.resource(CacheSyncs.withEvents(onCluster("events"), KeyspaceEvent.del)).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> is("events", "Ready", "True"));
    assertThat(everyNode()).hasSize(6).allSatisfy(n -> assertThat(flags(n)).contains("E", "g"));
    assertThat(conditionOf("events", "KeyspaceNotifications").getReason()).isEqualTo("Enabled");
    assertThat(conditionOf("events", "RedisReachable").getReason()).isEqualTo("Answered");
    assertThat(cluster.masterFor(KeyspaceLedger.KEY).command("HGETALL", KeyspaceLedger.KEY))
        .contains(
            client
                .resources(CacheSync.class)
                .inNamespace(NS)
                .withName("events")
                .get()
                .getMetadata()
                .getUid());

    client.resources(CacheSync.class).inNamespace(NS).withName("events").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(CacheSync.class).inNamespace(NS).withName("events").get() == null);
    assertThat(everyNode()).allSatisfy(n -> assertThat(flags(n)).doesNotContain("E", "g"));
  }

  @Test
  @Order(2)
  @DisplayName("a replica down: RedisReachable=False NodesUnreachable naming it, Ready still True")
  void replicaDown() {
    client.resource(onCluster("plain")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> is("plain", "Ready", "True"));
    RedisAddress replica =
        cluster.nodes().stream()
            .filter(n -> !n.isMaster())
            .map(ClusterNode::address)
            .findFirst()
            .orElseThrow();
    cluster.killReplica(replica);
    // a spec change is a new visit at once
    CacheSyncs.addCache(client, NS, "plain", "authors");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var reachable = conditionOf("plain", "RedisReachable");
              assertThat(reachable.getStatus()).isEqualTo("False");
              assertThat(reachable.getReason()).isEqualTo("NodesUnreachable");
              assertThat(reachable.getMessage()).contains(replica + " (replica)");
            });
    assertThat(is("plain", "Ready", "True")).isTrue();
  }
}
