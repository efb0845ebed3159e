package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A pass that throws becomes status: never an old Ready=True left standing. */
class ReconcileErrorIT extends OperatorOnMockServer {
  KubernetesMockServer server;

  Condition ready(String name) {
    CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
    if (cs == null || cs.getStatus() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElse(null);
  }

  @Test
  @DisplayName(
      "the API server refusing the ConfigMap update turns Ready=True into False ReconcileError with"
          + " the server's words and a Warning Event; once it accepts again, Ready=True returns")
  void forbiddenUpdate() {
    client.resource(CacheSyncs.minimal(NS, "refused", redis.uri())).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ready("refused") != null && ready("refused").getStatus().equals("True"));
    // a client error (no retry inside the client), as a missing RBAC verb would give; three times,
    // then the server accepts again
    server
        .expect()
        .put()
        .withPath("/api/v1/namespaces/" + NS + "/configmaps/refused-sidecar-config")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("configmaps \"refused-sidecar-config\" is forbidden: test says no")
                .build())
        .times(3);
    CacheSyncs.addCache(client, NS, "refused", "authors");

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              Condition ready = ready("refused");
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo("ReconcileError");
              assertThat(ready.getMessage()).contains("test says no");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NS).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getInvolvedObject().getName()).isEqualTo("refused");
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("ReconcileError");
                        }));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(ready("refused").getStatus()).isEqualTo("True");
              assertThat(
                      client
                          .resources(CacheSync.class)
                          .inNamespace(NS)
                          .withName("refused")
                          .get()
                          .getStatus()
                          .getCaches())
                  .isEqualTo(2);
            });
  }
}
