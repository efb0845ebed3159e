package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.CacheSyncNames;
import io.cachesync.sidecar.config.ConfigLoader;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The real Operator against fabric8's mock API server in CRUD mode (server-side apply off). */
class CacheSyncReconcilerIT extends OperatorOnMockServer {

  CacheSync get(String name) {
    return client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
  }

  Optional<Condition> condition(String name, String type) {
    CacheSync cs = get(name);
    if (cs == null || cs.getStatus() == null) return Optional.empty();
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst();
  }

  ConfigMap configMap(String name) {
    return client.configMaps().inNamespace(NS).withName(name + "-sidecar-config").get();
  }

  @Test
  @DisplayName(
      "create: the ConfigMap holds a config the sidecar accepts, owned by the CacheSync, and Ready=True")
  void create() {
    client.resource(CacheSyncs.minimal(NS, "catalogue", redis.uri())).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                condition("catalogue", "Ready")
                    .map(c -> c.getStatus().equals("True"))
                    .orElse(false));
    ConfigMap cm = configMap("catalogue");
    assertThat(cm).isNotNull();
    assertThat(cm.getMetadata().getOwnerReferences())
        .extracting(o -> o.getKind())
        .containsExactly("CacheSync");
    var config = ConfigLoader.parse(cm.getData().get(CacheSyncNames.CONFIG_KEY));
    assertThat(config.sync().channel()).isEqualTo("cachesync.shop.catalogue");
    assertThat(condition("catalogue", "ConfigRendered").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(get("catalogue").getStatus().getCaches()).isEqualTo(1);
    await()
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NS).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getInvolvedObject().getName()).isEqualTo("catalogue");
                          assertThat(e.getType()).isEqualTo("Normal");
                          assertThat(e.getReason()).isEqualTo("Reconciled");
                        }));
  }

  @Test
  @DisplayName("a spec edit updates the ConfigMap and advances observedGeneration")
  void edit() {
    client.resource(CacheSyncs.minimal(NS, "edited", redis.uri())).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> condition("edited", "Ready").isPresent());
    long before = get("edited").getStatus().getObservedGeneration();
    CacheSyncs.addCache(client, NS, "edited", "authors");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      ConfigLoader.parse(
                              configMap("edited").getData().get(CacheSyncNames.CONFIG_KEY))
                          .caches())
                  .hasSize(2);
              assertThat(get("edited").getStatus().getObservedGeneration()).isGreaterThan(before);
              assertThat(get("edited").getStatus().getCaches()).isEqualTo(2);
            });
  }

  @Test
  @DisplayName(
      "invalid specs: Ready=False with a reason and a message naming the field, and nothing created")
  void invalid() {
    CacheSync noName = CacheSyncs.minimal(NS, "no-name", redis.uri());
    noName.getSpec().getCaches().get(0).setName(null);
    CacheSync badDuration = CacheSyncs.minimal(NS, "bad-duration", redis.uri());
    badDuration.getSpec().getCaches().get(0).setTtl("ten minutes");
    CacheSync noLoader = CacheSyncs.minimal(NS, "no-loader", redis.uri());
    noLoader.getSpec().getCaches().add(CacheSyncs.cache("orders", CacheStrategy.WriteBehind));
    for (CacheSync cs : new CacheSync[] {noName, badDuration, noLoader})
      client.resource(cs).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(condition("no-name", "Ready"))
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getReason()).isEqualTo("InvalidSpec");
                        assertThat(c.getMessage()).contains("spec.caches[0].name");
                      });
              // an absent status is an AssertionError, so Awaitility tries again
              assertThat(condition("bad-duration", "Ready"))
                  .hasValueSatisfying(
                      c ->
                          assertThat(c.getMessage())
                              .contains(
                                  "spec.caches[0].ttl: 'ten minutes' is not a positive duration"));
              assertThat(condition("no-loader", "Ready"))
                  .hasValueSatisfying(
                      c -> assertThat(c.getMessage()).contains("spec.loader.target"));
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NS).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getInvolvedObject().getName()).isEqualTo("no-name");
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("InvalidSpec");
                          assertThat(e.getMessage()).contains("spec.caches[0].name");
                        }));
    assertThat(configMap("no-name")).isNull();
    assertThat(configMap("bad-duration")).isNull();
    assertThat(configMap("no-loader")).isNull();
  }

  @Test
  @DisplayName("lastTransitionTime changes only when a condition flips")
  void transitions() {
    CacheSync cs = CacheSyncs.minimal(NS, "flips", redis.uri());
    cs.getSpec().getCaches().get(0).setTtl("never");
    client.resource(cs).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> condition("flips", "Ready").isPresent());
    String falseSince = condition("flips", "Ready").orElseThrow().getLastTransitionTime();
    // an edit that keeps it invalid does not move the time
    client
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName("flips")
        .edit(
            c -> {
              c.getSpec().getCaches().get(0).setTtl("still never");
              return c;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> condition("flips", "Ready").orElseThrow().getMessage().contains("still never"));
    assertThat(condition("flips", "Ready").orElseThrow().getLastTransitionTime())
        .isEqualTo(falseSince);
    client
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName("flips")
        .edit(
            c -> {
              c.getSpec().getCaches().get(0).setTtl("5m");
              return c;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> condition("flips", "Ready").orElseThrow().getStatus().equals("True"));
    assertThat(configMap("flips")).isNotNull();
  }
}
