package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Cluster CacheSync on a real API server: the checked-in CRD takes {@code mode: Cluster} with a
 * seed node's url, and the operator (server-side apply, as OperatorMain runs) reaches Ready with
 * the keyspace flags on all six nodes of a real cluster, and takes them back on deletion.
 */
@EndToEnd
class ClusterOnServerIT {
  static final String NS = "e2e-cluster";
  static final Duration SETTLE = Duration.ofSeconds(30);

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
  static KubernetesClient client;
  static RedisCluster cluster;
  static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    client = KUBE.client();
    RealCrd.install(client);
    RealCrd.namespace(client, NS);
    cluster = RedisCluster.start();
    operator = AdminOperator.start(client);
  }

  @AfterAll
  static void stop() {
    if (operator != null) operator.stop();
    if (cluster != null) cluster.close();
  }

  static String flags(RedisAddress node) {
    String reply = node.command("CONFIG", "GET", "notify-keyspace-events");
    return reply.substring(reply.indexOf(',') + 1).replaceAll("[\\[\\] ]", "");
  }

  static Condition condition(String name, String type) {
    CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
    if (cs == null || cs.getStatus() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  @Test
  @DisplayName(
      "mode Cluster is accepted by the real CRD; Ready with flags on every node; deletion takes them back")
  void clusterCacheSync() {
    CacheSync cs = CacheSyncs.minimal(NS, "sharded", cluster.seed().uri(), RedisMode.Cluster);
    client.resource(CacheSyncs.withEvents(cs, KeyspaceEvent.del)).create();
    await()
        .atMost(SETTLE)
        .until(
            () ->
                condition("sharded", "Ready") != null
                    && condition("sharded", "Ready").getStatus().equals("True"));
    List<RedisAddress> nodes = cluster.nodes().stream().map(ClusterNode::address).toList();
    assertThat(nodes).hasSize(6).allSatisfy(n -> assertThat(flags(n)).contains("E", "g"));
    assertThat(condition("sharded", "RedisReachable").getMessage())
        .contains(nodes.get(0).toString(), "(master)", "(replica)");

    client.resources(CacheSync.class).inNamespace(NS).withName("sharded").delete();
    await()
        .atMost(SETTLE)
        .until(
            () ->
                client.resources(CacheSync.class).inNamespace(NS).withName("sharded").get()
                    == null);
    assertThat(nodes).allSatisfy(n -> assertThat(flags(n)).doesNotContain("E", "g"));
  }
}
