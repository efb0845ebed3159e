package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A cluster where one replica forbids CONFIG ({@code rename-command CONFIG ""}, as managed Redis
 * does): the operator sets the flags on the five others and says which node needs them by hand.
 */
class ClusterConfigForbiddenIT extends OperatorOnMockServer {
  static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.startWithArgsOnOneReplica("--rename-command", "CONFIG", "");
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  static String flags(RedisAddress node) {
    String reply = node.command("CONFIG", "GET", "notify-keyspace-events");
    return reply.substring(reply.indexOf(',') + 1).replaceAll("[\\[\\] ]", "");
  }

  @Test
  @DisplayName(
      "KeyspaceNotifications=False ConfigForbidden naming the replica without CONFIG; the five others get the flags, and lose them on deletion")
  void namesTheNode() {
    RedisAddress restricted = cluster.nodeWithExtraArgs();
    assertThat(cluster.nodes())
        .anySatisfy(n -> assertThat(n.address().equals(restricted) && !n.isMaster()).isTrue());
    CacheSync cs = CacheSyncs.minimal(NS, "events", cluster.seed().uri(), RedisMode.Cluster);
    client.resource(CacheSyncs.withEvents(cs, KeyspaceEvent.del)).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> is("events", "KeyspaceNotifications", "False"));
    var keyspace = conditionOf("events", "KeyspaceNotifications");
    assertThat(keyspace.getReason()).isEqualTo("ConfigForbidden");
    assertThat(keyspace.getMessage())
        .contains(restricted + " (replica) does not allow CONFIG")
        .contains("'Eg'");
    assertThat(conditionOf("events", "Ready").getStatus()).isEqualTo("False");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NS).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("KeyspaceFlagsForbidden");
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage()).contains(restricted + " (replica)");
                        }));
    List<RedisAddress> others =
        cluster.nodes().stream()
            .map(ClusterNode::address)
            .filter(a -> !a.equals(restricted))
            .toList();
    assertThat(others).hasSize(5);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(others).allSatisfy(n -> assertThat(flags(n)).contains("E", "g")));

    client.resources(CacheSync.class).inNamespace(NS).withName("events").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(CacheSync.class).inNamespace(NS).withName("events").get() == null);
    assertThat(others).allSatisfy(n -> assertThat(flags(n)).doesNotContain("E", "g"));
  }
}
