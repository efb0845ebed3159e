package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.examples.Manifests;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.redis.KeyspaceLedger;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.List;
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
@EndToEnd
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
    operator = AdminOperator.start(client);
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
      "a minimal CacheSync: Ready=True at its generation, ConfigMap and sync key owned by it, an edit re-rendered; deleted, it goes")
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

    // an edit: a new generation, reconciled and re-rendered through server-side apply
    stored.edit(
        cs -> {
          cs.getSpec().getCaches().get(0).setTtl("7m");
          return cs;
        });
    CacheSync edited = awaitReady("catalogue");
    assertThat(edited.getMetadata().getGeneration())
        .isEqualTo(ready.getMetadata().getGeneration() + 1);
    await()
        .atMost(SETTLE)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .configMaps()
                            .inNamespace(NS)
                            .withName("catalogue-sidecar-config")
                            .get()
                            .getData()
                            .values())
                    .anyMatch(text -> text.contains("7m")));

    stored.delete();
    await().atMost(SETTLE).until(() -> stored.get() == null);
    // the finalizer leaves the ConfigMap to the garbage collector (kube-controller-manager), which
    // follows the owner reference asserted above
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

  @Test
  @DisplayName(
      "two CacheSyncs on one Redis: flags the other still needs stay, counted in the server's ledger, not in its status; the rest taken back")
  void keyspaceFlagsHandedOver() {
    client
        .resource(CacheSyncs.withEvents(minimal("first"), KeyspaceEvent.expired, KeyspaceEvent.del))
        .create();
    awaitReady("first");
    client.resource(CacheSyncs.withEvents(minimal("second"), KeyspaceEvent.del)).create();
    awaitReady("second");
    assertThat(flags()).contains("x", "g", "E");

    cacheSync("first").delete();
    await().atMost(SETTLE).until(() -> cacheSync("first").get() == null);
    assertThat(flags()).contains("g", "E", "K", "l").doesNotContain("x");
    assertThat(cacheSync("second").get().getStatus().getKeyspaceFlagsAdded())
        .as("no other CacheSync's status is written")
        .isNull();
    assertThat(
            RedisCli.command(
                redis.host(),
                redis.port(),
                "HGET",
                KeyspaceLedger.KEY,
                cacheSync("second").get().getMetadata().getUid()))
        .isEqualTo("Eg");

    cacheSync("second").delete();
    await().atMost(SETTLE).until(() -> cacheSync("second").get() == null);
    assertThat(flags()).contains("K", "l").doesNotContain("x", "g", "E");
  }

  /** The broken examples only CEL or the webhook refuse, with what the reconciler reports. */
  static final Map<String, List<String>> REPORTED =
      Map.of(
          "write-behind-without-loader.yaml", List.of("InvalidSpec", "spec.loader.target"),
          "duplicate-cache-names.yaml", List.of("InvalidSpec", "spec.caches[2].name"),
          "tls-secret-without-tls.yaml", List.of("InvalidSpec", "spec.redis.tls.caSecretName"),
          "empty-selector.yaml", List.of("PolicyViolation", "spec.selector"),
          "java-agent.yaml", List.of("PolicyViolation", "spec.sidecar.jvmOptions"));

  @Test
  @DisplayName(
      "without CEL (before 1.25) and the webhook, each broken CacheSync the server stores is reported Ready=False naming the field")
  void storedBrokenReported() {
    assumeFalse(RealCrd.enforcesCel(client), "this server refuses them itself (CEL)");
    assertThat(REPORTED.keySet())
        .containsExactlyInAnyOrderElementsOf(ExampleCacheSyncsOnServerIT.REFUSED_BY_CEL_OR_WEBHOOK);
    String ns = "e2e-broken";
    RealCrd.namespace(client, ns);
    for (String file : REPORTED.keySet()) {
      JsonNode doc = Manifests.read(ExampleCacheSyncsOnServerIT.INVALID.resolve(file)).get(0);
      GenericKubernetesResource r =
          client
              .getKubernetesSerialization()
              .unmarshal(doc.toString(), GenericKubernetesResource.class);
      r.getMetadata().setNamespace(ns);
      r.getMetadata().setName(file.replace(".yaml", ""));
      client.resource(r).create();
    }
    for (Map.Entry<String, List<String>> e : REPORTED.entrySet()) {
      Resource<CacheSync> stored =
          client
              .resources(CacheSync.class)
              .inNamespace(ns)
              .withName(e.getKey().replace(".yaml", ""));
      await()
          .atMost(SETTLE)
          .untilAsserted(
              () -> {
                Condition c = ready(stored.get());
                assertThat(c).as(e.getKey()).isNotNull();
                assertThat(c.getStatus()).as(e.getKey()).isEqualTo("False");
                assertThat(c.getReason()).as(e.getKey()).isEqualTo(e.getValue().get(0));
                assertThat(c.getMessage()).as(e.getKey()).contains(e.getValue().get(1));
              });
    }
    assertThat(client.configMaps().inNamespace(ns).list().getItems())
        .as("nothing rendered for a broken CacheSync")
        .noneMatch(cm -> cm.getMetadata().getName().endsWith("-sidecar-config"));
    client.resources(CacheSync.class).inNamespace(ns).delete();
    await()
        .atMost(SETTLE)
        .until(() -> client.resources(CacheSync.class).inNamespace(ns).list().getItems().isEmpty());
  }
}
