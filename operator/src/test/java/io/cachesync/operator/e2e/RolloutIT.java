package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.operator.model.SyncSpec;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Edit and rollout: an edited CacheSync is re-rendered into its ConfigMap, and with {@code
 * spec.sidecar.rolloutOnChange} the operator (as the chart's ServiceAccount) stamps the
 * Deployment's pod template, so the Deployment controller rolls pods that the webhook injects with
 * the new hash.
 */
@EndToEnd
class RolloutIT {
  static final String NS = "rollout";
  static final Duration SETTLE = Duration.ofSeconds(60);

  /** WorkloadRollout's annotation on a restarted workload's pod template. */
  static final String ROLLOUT_HASH = "cachesync.io/rollout-hash";

  @RegisterExtension
  static final KubeApiServerExtension KUBE =
      new KubeApiServerExtension().withControllerManager().withRoutedServices();

  static KubernetesClient admin;
  static ChartOperator operator;
  static RedisServer redis;

  @BeforeAll
  static void install() {
    admin = KUBE.client();
    ChartInstall chart = ChartInstall.render(Map.of()).apply(admin);
    redis = RedisServer.start();
    operator = ChartOperator.start(KUBE.kubeConfigYaml(), chart).awaitWebhookReady();
    admin
        .resource(
            new NamespaceBuilder(Quickstart.namespace())
                .editMetadata()
                .withName(NS)
                .endMetadata()
                .build())
        .create();
  }

  @AfterAll
  static void uninstall() {
    if (operator != null) operator.close();
    if (redis != null) redis.close();
  }

  static Set<String> hashes(List<Pod> pods) {
    return pods.stream()
        .map(StoredPods::sidecarHash)
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
  }

  static String configOf(String cacheSync) {
    ConfigMap cm = admin.configMaps().inNamespace(NS).withName(cacheSync + "-sidecar-config").get();
    return cm == null ? null : String.join("\n", cm.getData().values());
  }

  @Test
  @DisplayName(
      "an edit re-renders the ConfigMap, and with rolloutOnChange the Deployment rolls pods injected with the new sidecar hash")
  void editRollsOut() {
    CacheSync cs = Quickstart.cacheSync(redis.uri());
    cs.getMetadata().setNamespace(NS);
    SidecarSpec sidecar = new SidecarSpec();
    sidecar.setRolloutOnChange(true);
    cs.getSpec().setSidecar(sidecar);
    String name = cs.getMetadata().getName();
    CacheSyncsOnServer.create(admin, cs);
    CacheSyncsOnServer.awaitCondition(admin, cs, "Ready", "True");

    Deployment app = Quickstart.app();
    app.getMetadata().setNamespace(NS);
    admin.resource(app).create();
    Map<String, String> labels = app.getSpec().getSelector().getMatchLabels();
    await("2 pods of Deployment web, stored with the sidecar")
        .atMost(SETTLE)
        .until(
            () -> {
              List<Pod> pods = StoredPods.labelled(admin, NS, labels);
              return pods.size() == 2 && pods.stream().allMatch(StoredPods::hasSidecar);
            });
    Set<String> before = hashes(StoredPods.labelled(admin, NS, labels));
    assertThat(before).as("one sidecar hash on the first pods").hasSize(1);
    String configBefore = configOf(name);
    assertThat(configBefore).doesNotContain("heartbeatInterval");

    // the sync section is applied only on restart: a new hash, so the pods are outdated
    admin
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName(name)
        .edit(
            c -> {
              SyncSpec sync =
                  c.getSpec().getSync() == null ? new SyncSpec() : c.getSpec().getSync();
              sync.setHeartbeatInterval("2s");
              c.getSpec().setSync(sync);
              return c;
            });

    await("the ConfigMap of CacheSync " + name + " re-rendered with the edit")
        .atMost(SETTLE)
        .until(() -> configOf(name).contains("heartbeatInterval"));
    await("the operator stamps Deployment web's pod template with the new sidecar hash")
        .atMost(SETTLE)
        .until(
            () -> {
              var annotations =
                  admin
                      .apps()
                      .deployments()
                      .inNamespace(NS)
                      .withName(app.getMetadata().getName())
                      .get()
                      .getSpec()
                      .getTemplate()
                      .getMetadata()
                      .getAnnotations();
              return annotations != null
                  && annotations.get(ROLLOUT_HASH) != null
                  && !before.contains(annotations.get(ROLLOUT_HASH));
            });
    String stamped =
        admin
            .apps()
            .deployments()
            .inNamespace(NS)
            .withName(app.getMetadata().getName())
            .get()
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(ROLLOUT_HASH);
    // No kubelet makes a pod ready, so the rollout stops after its surge pod: one is enough.
    await("the Deployment controller rolls a pod injected with the new sidecar hash " + stamped)
        .atMost(SETTLE)
        .until(() -> hashes(StoredPods.labelled(admin, NS, labels)).contains(stamped));
    assertThat(admin.apps().replicaSets().inNamespace(NS).withLabels(labels).list().getItems())
        .as("a new ReplicaSet for the changed template")
        .hasSize(2);
  }
}
