package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedisUserConfinedIT extends OperatorOnMockServer {

  Condition condition(String type) {
    CacheSync cs =
        client.resources(CacheSync.class).inNamespace("shop").withName("catalogue").get();
    if (cs == null || cs.getStatus() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  @Test
  @DisplayName(
      "a CacheSync on Redis's all-powerful default user says so in RedisUserConfined, and stays Ready")
  void defaultUserIsTooBroad() {
    client.resource(CacheSyncs.minimal("shop", "catalogue", redis.uri())).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(condition("RedisUserConfined")).isNotNull();
              assertThat(condition("RedisUserConfined").getStatus()).isEqualTo("False");
              assertThat(condition("RedisUserConfined").getReason()).isEqualTo("TooBroad");
              assertThat(condition("RedisUserConfined").getMessage()).contains("FLUSHALL");
              assertThat(condition("Ready").getStatus()).isEqualTo("True");
            });
  }
}
