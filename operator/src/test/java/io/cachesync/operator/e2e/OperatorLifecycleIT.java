package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.OperatorMain;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator in-process, as OperatorMain runs it (server-side apply on), against a real
 * kube-apiserver and a real redis-server: status through the real status subresource, the finalizer
 * through real deletion.
 */
class OperatorLifecycleIT {
  static final String NS = "e2e";
  static final Duration SETTLE = Duration.ofSeconds(30);

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
  static KubernetesClient client;
  static RedisServer redis;
  static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    client = KUBE.client();
    RealCrd.install(client);
    RealCrd.namespace(client, NS);
    redis = RedisServer.start("--notify-keyspace-events", "Kl");
    operator =
        OperatorMain.create(
            client,
            true, // server-side apply, as OperatorMain.main runs it
            null,
            false,
            Clock.systemUTC(),
            new OperatorMetrics(),
            AdmissionPolicy.defaultsFor(null));
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) operator.stop();
    if (redis != null) redis.close();
  }

  static CacheSync minimal(String name) {
    CacheSync cs = CacheSyncs.minimal(NS, name, redis.uri());
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", name)).build());
    return cs;
  }

  static String flags() {
    return RedisCli.command(redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events");
  }

  /** Waits for Ready=True at the CacheSync's current generation, read back from the server. */
  CacheSync awaitReady(String name) {
    Resource<CacheSync> stored = cacheSync(name);
    await()
        .atMost(SETTLE)
        .untilAsserted(
            () -> {
              CacheSync now = stored.get();
              assertThat(ready(now)).as("Ready condition of %s", now.getStatus()).isNotNull();
              assertThat(ready(now).getStatus()).as(ready(now).getMessage()).isEqualTo("True");
              assertThat(now.getStatus().getObservedGeneration())
                  .isEqualTo(now.getMetadata().getGeneration());
            });
    return stored.get();
  }

  Resource<CacheSync> cacheSync(String name) {
    return client.resources(CacheSync.class).inNamespace(NS).withName(name);
  }

  static Condition ready(CacheSync cs) {
    if (cs == null || cs.getStatus() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElse(null);
  }

  static void assertOwnedBy(HasMetadata owned, CacheSync owner) {
    assertThat(owned.getMetadata().getOwnerReferences())
        .as("%s is owned by its CacheSync", owned.getMetadata().getName())
        .extracting(OwnerReference::getUid, OwnerReference::getKind)
        .contains(org.assertj.core.groups.Tuple.tuple(owner.getMetadata().getUid(), "CacheSync"));
  }

  @Test
  @DisplayName(
      "a minimal CacheSync: Ready=True at its generation, ConfigMap and sync key owned by it; deleted, it goes")
  void readyThenDeleted() {
    client.resource(minimal("catalogue")).create();
    Resource<CacheSync> stored = cacheSync("catalogue");
    CacheSync ready = awaitReady("catalogue");
    assertThat(ready.getMetadata().getFinalizers()).as("finalizer added").isNotEmpty();

    ConfigMap config =
        client.configMaps().inNamespace(NS).withName("catalogue-sidecar-config").get();
    assertThat(config).as("rendered ConfigMap").isNotNull();
    assertThat(config.getData()).isNotEmpty();
    assertOwnedBy(config, ready);
    await()
        .atMost(SETTLE)
        .until(() -> client.secrets().inNamespace(NS).withName("catalogue-sync-key").get() != null);
    Secret key = client.secrets().inNamespace(NS).withName("catalogue-sync-key").get();
    assertOwnedBy(key, ready);

    stored.delete();
    await().atMost(SETTLE).until(() -> stored.get() == null);
    // No garbage collector runs here (no kube-controller-manager): a ConfigMap that is gone was
    // deleted by the finalizer itself.
    assertThat(client.configMaps().inNamespace(NS).withName("catalogue-sidecar-config").get())
        .as("ConfigMap after deletion")
        .isNull();
  }

  @Test
  @DisplayName(
      "keyspace events: the flags are set on the real Redis, and taken back with an Event on deletion")
  void keyspaceFlagsSetAndTakenBack() {
    client
        .resource(
            CacheSyncs.withEvents(minimal("expiring"), KeyspaceEvent.expired, KeyspaceEvent.del))
        .create();
    awaitReady("expiring");
    assertThat(flags()).contains("x", "g", "E");

    cacheSync("expiring").delete();
    await().atMost(SETTLE).until(() -> cacheSync("expiring").get() == null);
    assertThat(flags()).contains("K", "l").doesNotContain("x", "g", "E");
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .filteredOn(e -> e.getReason().equals("KeyspaceFlagsRemoved"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("removed 'Exg'"));
  }
}
