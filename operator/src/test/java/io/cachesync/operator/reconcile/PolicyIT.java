package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.OperatorMain;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.ImageAllowList;
import io.cachesync.operator.policy.ResourceBounds;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reconciler as the second line behind the validating webhook: CacheSyncs that reached the API
 * server anyway (the webhook was down, or the policy was tightened later) are reported with
 * Ready=False, reason PolicyViolation, and nothing is rendered for them.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyIT {
  static final String NS = "shop";
  static final String REDIS = "redis://127.0.0.1:1";
  KubernetesClient client;
  Operator operator;

  @BeforeEach
  void start() throws Exception {
    CacheSyncs.installCrd(client); // each test starts its operator once its CacheSyncs exist
  }

  Operator operator(AdmissionPolicy policy) {
    Operator o =
        OperatorMain.create(
            client, false, null, false, Clock.systemUTC(), new OperatorMetrics(), policy);
    o.start();
    return o;
  }

  @AfterEach
  void stop() {
    if (operator != null) operator.stop();
  }

  static CacheSync cacheSync(String name) {
    CacheSync cs = CacheSyncs.minimal(NS, name, REDIS);
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "books")).build());
    cs.getSpec().setSidecar(new SidecarSpec());
    return cs;
  }

  Condition ready(String name) {
    CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
    if (cs == null || cs.getStatus() == null || cs.getStatus().getConditions() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElse(null);
  }

  void assertRefused(String name, String field) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(ready(name))
                    .isNotNull()
                    .satisfies(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo("PolicyViolation");
                          assertThat(c.getMessage()).contains(field);
                        }));
    assertThat(client.configMaps().inNamespace(NS).withName(name + "-sidecar-config").get())
        .as("no sidecar config rendered for %s", name)
        .isNull();
  }

  @Test
  @DisplayName(
      "each attack that got past the webhook: Ready=False, PolicyViolation naming the field, no ConfigMap")
  void attacks() {
    CacheSync image = cacheSync("image");
    image.getSpec().getSidecar().setImage("evil.example.com/miner:1");
    CacheSync agent = cacheSync("agent");
    agent.getSpec().getSidecar().setJvmOptions("-javaagent:/tmp/agent.jar");
    CacheSync oom = cacheSync("oom");
    oom.getSpec().getSidecar().setJvmOptions("-XX:OnOutOfMemoryError=sh");
    CacheSync everyone = cacheSync("everyone");
    everyone.getSpec().setSelector(new LabelSelector());
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db-root")
                .withNamespace(NS)
                .endMetadata()
                .withStringData(Map.of("password", "hunter2"))
                .build())
        .create();
    CacheSync secret = cacheSync("secret");
    SecretKeys keys = new SecretKeys();
    keys.setSecretName("db-root");
    secret.getSpec().getRedis().setCredentials(keys);
    for (CacheSync cs : List.of(image, agent, oom, everyone, secret)) client.resource(cs).create();
    operator = operator(AdmissionPolicy.defaultsFor(null));

    assertRefused("image", "spec.sidecar.image: 'evil.example.com/miner:1' is not allowed");
    assertRefused("agent", "spec.sidecar.jvmOptions: '-javaagent:/tmp/agent.jar'");
    assertRefused("oom", "spec.sidecar.jvmOptions: '-XX:OnOutOfMemoryError=sh'");
    assertRefused("everyone", "spec.selector");
    assertRefused("secret", "spec.redis.credentials.secretName: 'db-root'");
  }

  @Test
  @DisplayName(
      "a policy tightened later (policy.maxMemory 256Mi): a CacheSync admitted before is reported")
  void tightenedLater() {
    CacheSync big = cacheSync("big");
    big.getSpec()
        .getSidecar()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("512Mi"))
                .build());
    client.resource(big).create();
    CacheSync fine = cacheSync("fine");
    client.resource(fine).create();

    operator =
        operator(
            new AdmissionPolicy(
                ImageAllowList.forRepositoryOf(null),
                new ResourceBounds(null, new Quantity("256Mi"))));

    assertRefused("big", "spec.sidecar.resources.limits.memory: '512Mi' is not allowed");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.configMaps().inNamespace(NS).withName("fine-sidecar-config").get() != null);
    assertThat(ready("fine").getReason()).isNotEqualTo("PolicyViolation");
  }

  @Test
  @DisplayName(
      "the platform withdraws a Secret's label: the next pass reports PolicyViolation and removes the config")
  void markWithdrawn() {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("redis-auth")
                .withNamespace(NS)
                .addToLabels("cachesync.io/credentials", "true")
                .endMetadata()
                .withStringData(Map.of("password", "s3cret"))
                .build())
        .create();
    CacheSync cs = cacheSync("authed");
    SecretKeys keys = new SecretKeys();
    keys.setSecretName("redis-auth");
    cs.getSpec().getRedis().setCredentials(keys);
    client.resource(cs).create();
    operator = operator(AdmissionPolicy.defaultsFor(null));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.configMaps().inNamespace(NS).withName("authed-sidecar-config").get()
                    != null);

    client
        .secrets()
        .inNamespace(NS)
        .withName("redis-auth")
        .edit(
            s -> {
              s.getMetadata().getLabels().remove("cachesync.io/credentials");
              return s;
            });
    // any change to the CacheSync brings the next pass (as the periodic recheck would)
    client
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName("authed")
        .edit(
            c -> {
              c.getSpec().getCaches().get(0).setTtl("6m");
              return c;
            });

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.configMaps().inNamespace(NS).withName("authed-sidecar-config").get()
                    == null);
    assertRefused("authed", "spec.redis.credentials.secretName: 'redis-auth'");
  }
}
