package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.OperatorMain;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.RedisMode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel CacheSync: the operator does not inspect the master yet, and its conditions say so
 * instead of failing or claiming an answer.
 */
@EnableKubernetesMockClient(crud = true)
class SentinelConditionsIT {
  static final String NS = "shop";
  static final String URL = "redis-sentinel://sentinel-0:26379,sentinel-1:26379#mymaster";
  KubernetesClient client;
  Operator operator;

  @BeforeEach
  void start() throws Exception {
    CacheSyncs.installCrd(client);
    operator = OperatorMain.create(client, false);
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
  }

  Condition condition(String name, String type) {
    CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
    if (cs == null || cs.getStatus() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  static CacheSync sentinel(String name) {
    CacheSync cs = CacheSyncs.minimal(NS, name, URL);
    cs.getSpec().getRedis().setMode(RedisMode.Sentinel);
    return cs;
  }

  @Test
  @DisplayName("without keyspace events: RedisReachable=True NotInspected, and Ready")
  void notInspectedButReady() {
    client.resource(sentinel("plain")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> condition("plain", "Ready") != null);
    Condition reachable = condition("plain", "RedisReachable");
    assertThat(reachable.getStatus()).isEqualTo("True");
    assertThat(reachable.getReason()).isEqualTo("NotInspected");
    assertThat(reachable.getMessage()).startsWith("Sentinel: not inspected yet");
    assertThat(condition("plain", "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  @DisplayName(
      "with keyspace events: KeyspaceNotifications=False Unknown, telling the user to set the flags on every node")
  void keyspaceNotManaged() {
    client.resource(CacheSyncs.withEvents(sentinel("events"), KeyspaceEvent.del)).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> condition("events", "KeyspaceNotifications") != null);
    Condition keyspace = condition("events", "KeyspaceNotifications");
    assertThat(keyspace.getStatus()).isEqualTo("False");
    assertThat(keyspace.getReason()).isEqualTo("Unknown");
    assertThat(keyspace.getMessage())
        .contains("set notify-keyspace-events on the master and every replica");
    assertThat(condition("events", "Ready").getStatus()).isEqualTo("False");
  }
}
