package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SyncSpec;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two CacheSyncs on one Redis database, seen by the real Operator against fabric8's mock API
 * server: a conflict shows on both sides, and goes when one of them moves away or is deleted,
 * without waiting for the periodic recheck.
 */
class IsolationIT extends OperatorOnMockServer {

  CacheSync onChannel(String namespace, String name, String channel) {
    CacheSync cs = CacheSyncs.minimal(namespace, name, redis.uri());
    cs.getSpec().setSync(new SyncSpec());
    cs.getSpec().getSync().setChannel(channel);
    return cs;
  }

  Optional<Condition> condition(String namespace, String name, String type) {
    CacheSync cs = client.resources(CacheSync.class).inNamespace(namespace).withName(name).get();
    if (cs == null || cs.getStatus() == null) return Optional.empty();
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst();
  }

  boolean is(String namespace, String name, String type, String status) {
    return condition(namespace, name, type).map(c -> c.getStatus().equals(status)).orElse(false);
  }

  @Test
  @DisplayName(
      "a second CacheSync on the same channel makes both not Ready, naming each other, with a Warning; deleting it makes the first Ready again")
  void conflictBothWaysAndBack() {
    client.resource(onChannel("team-a", "users", "users")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> is("team-a", "users", "Ready", "True"));
    assertThat(condition("team-a", "users", "Isolated").orElseThrow().getStatus())
        .isEqualTo("True");

    client.resource(onChannel("team-b", "users", "users")).create();
    // the first one is told at once, well before its 60 s recheck
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                is("team-a", "users", "Isolated", "False")
                    && is("team-b", "users", "Isolated", "False"));
    Condition a = condition("team-a", "users", "Isolated").orElseThrow();
    assertThat(a.getReason()).isEqualTo("SharedChannel");
    assertThat(a.getMessage()).contains("'team-b/users'").contains("the channel 'users'");
    assertThat(condition("team-b", "users", "Isolated").orElseThrow().getMessage())
        .contains("'team-a/users'");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Condition ready = condition("team-a", "users", "Ready").orElseThrow();
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo("NotIsolated");
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("team-a").list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("NotIsolated");
                          assertThat(e.getMessage()).contains("'team-b/users'");
                        }));

    client.resources(CacheSync.class).inNamespace("team-b").withName("users").delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                is("team-a", "users", "Isolated", "True")
                    && is("team-a", "users", "Ready", "True"));
  }

  @Test
  @DisplayName("an edit that moves one CacheSync to its own channel ends the conflict on both")
  void editEndsConflict() {
    client.resource(onChannel("team-a", "orders", "orders")).create();
    client.resource(onChannel("team-b", "orders", "orders")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                is("team-a", "orders", "Isolated", "False")
                    && is("team-b", "orders", "Isolated", "False"));
    client
        .resources(CacheSync.class)
        .inNamespace("team-b")
        .withName("orders")
        .edit(
            cs -> {
              cs.getSpec().getSync().setChannel("team-b-orders");
              return cs;
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                is("team-a", "orders", "Isolated", "True")
                    && is("team-b", "orders", "Isolated", "True"));
  }
}
