package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.RedisMode;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel CacheSync: the operator does not inspect the master yet, and its conditions say so
 * instead of failing or claiming an answer.
 */
class SentinelConditionsIT extends OperatorOnMockServer {
  static final String URL = "redis-sentinel://sentinel-0:26379,sentinel-1:26379#mymaster";

  static CacheSync sentinel(String name) {
    CacheSync cs = CacheSyncs.minimal(NS, name, URL);
    cs.getSpec().getRedis().setMode(RedisMode.Sentinel);
    return cs;
  }

  @Test
  @DisplayName("without keyspace events: RedisReachable=True NotInspected, and Ready")
  void notInspectedButReady() {
    client.resource(sentinel("plain")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> conditionOf("plain", "Ready") != null);
    Condition reachable = conditionOf("plain", "RedisReachable");
    assertThat(reachable.getStatus()).isEqualTo("True");
    assertThat(reachable.getReason()).isEqualTo("NotInspected");
    assertThat(reachable.getMessage()).startsWith("Sentinel: not inspected yet");
    assertThat(conditionOf("plain", "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  @DisplayName(
      "with keyspace events: KeyspaceNotifications=False Unknown, telling the user to set the flags on every node")
  void keyspaceNotManaged() {
    client.resource(CacheSyncs.withEvents(sentinel("events"), KeyspaceEvent.del)).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> conditionOf("events", "KeyspaceNotifications") != null);
    Condition keyspace = conditionOf("events", "KeyspaceNotifications");
    assertThat(keyspace.getStatus()).isEqualTo("False");
    assertThat(keyspace.getReason()).isEqualTo("Unknown");
    assertThat(keyspace.getMessage())
        .contains("set notify-keyspace-events on the master and every replica");
    assertThat(conditionOf("events", "Ready").getStatus()).isEqualTo("False");
  }
}
