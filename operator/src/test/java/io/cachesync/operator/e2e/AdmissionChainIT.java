package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.PodMarks;
import io.cachesync.operator.template.SidecarTemplate;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Injection through the real admission chain: the ReplicaSet controller creates the pods, the API
 * server calls the operator's webhook through the chart's Service (with the CA the operator wrote),
 * and stores what came back. Pods never run (no kubelet); the stored spec is the proof.
 */
@EndToEnd
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdmissionChainIT {
  static final Duration SETTLE = Duration.ofSeconds(60);

  @RegisterExtension
  static final KubeApiServerExtension KUBE =
      new KubeApiServerExtension().withControllerManager().withRoutedServices();

  static KubernetesClient admin;
  static ChartInstall chart;
  static ChartOperator operator;
  static RedisServer redis;
  static String shop;
  static String cacheSyncName;

  @BeforeAll
  static void installQuickstart() {
    admin = KUBE.client();
    chart = ChartInstall.render(Map.of()).apply(admin);
    redis = RedisServer.start();
    operator = ChartOperator.start(KUBE.kubeConfigYaml(), chart).awaitWebhookReady();
    shop = admin.resource(Quickstart.namespace()).create().getMetadata().getName();
    CacheSync catalogue = Quickstart.cacheSync(redis.uri());
    cacheSyncName = catalogue.getMetadata().getName();
    CacheSyncsOnServer.create(admin, catalogue);
    CacheSyncsOnServer.awaitCondition(admin, catalogue, "Ready", "True");
  }

  @AfterAll
  static void uninstall() {
    if (operator != null) operator.close();
    if (redis != null) redis.close();
  }

  /** The quickstart's app, renamed, with {@code variant} in its selector and pod labels. */
  static Deployment variant(String namespace, String variant, Map<String, String> podLabels) {
    Deployment app = Quickstart.app();
    return new DeploymentBuilder(app)
        .editMetadata()
        .withName(app.getMetadata().getName() + "-" + variant)
        .withNamespace(namespace)
        .endMetadata()
        .editSpec()
        .withReplicas(1)
        .editSelector()
        .addToMatchLabels("variant", variant)
        .endSelector()
        .editTemplate()
        .editMetadata()
        .addToLabels("variant", variant)
        .addToLabels(podLabels)
        .endMetadata()
        .endTemplate()
        .endSpec()
        .build();
  }

  static List<Pod> awaitPods(String namespace, Map<String, String> labels, int count) {
    await("the ReplicaSet controller stores " + count + " pod(s) labelled " + labels)
        .atMost(SETTLE)
        .until(() -> StoredPods.labelled(admin, namespace, labels).size() == count);
    return StoredPods.labelled(admin, namespace, labels);
  }

  @Test
  @Order(1)
  @DisplayName(
      "the quickstart Deployment's pods, created by the ReplicaSet controller, are stored with the sidecar the API server validated")
  void quickstartPodsInjected() {
    Deployment app = admin.resource(Quickstart.app()).create();
    Map<String, String> labels = app.getSpec().getSelector().getMatchLabels();
    List<Pod> pods = awaitPods(shop, labels, app.getSpec().getReplicas());
    for (Pod pod : pods) {
      assertThat(pod.getMetadata().getOwnerReferences())
          .as("created by the controller")
          .anyMatch(o -> o.getKind().equals("ReplicaSet"));
      assertThat(StoredPods.annotation(pod, PodMarks.INJECTED)).isEqualTo(cacheSyncName);
      assertThat(StoredPods.sidecarHash(pod)).isNotBlank();
      if (!RealCrd.enforcesCel(admin)) { // before 1.25, so certainly before native sidecars (1.29)
        assertThat(pod.getSpec().getContainers())
            .as("the pre-1.29 path: the sidecar as a regular container")
            .anyMatch(c -> c.getName().equals(SidecarTemplate.CONTAINER_NAME));
      }
      assertThat(StoredPods.hasSidecar(pod)).as(pod.getMetadata().getName()).isTrue();
    }
    await("CacheSync " + cacheSyncName + " counts the injected pods")
        .atMost(SETTLE)
        .untilAsserted(
            () ->
                assertThat(
                        CacheSyncsOnServer.get(admin, shop, cacheSyncName)
                            .getStatus()
                            .getInjectedPods())
                    .isEqualTo(pods.size()));
  }

  @Test
  @Order(2)
  @DisplayName(
      "a pod in a namespace without the injection label, or opting out by label or annotation, is stored unchanged")
  void notInjectedWhereNotWanted() {
    String plain = "plain";
    RealCrd.namespace(admin, plain);
    CacheSync elsewhere = Quickstart.cacheSync(redis.uri());
    elsewhere.getMetadata().setNamespace(plain);
    CacheSyncsOnServer.create(admin, elsewhere);
    admin.resource(variant(plain, "unlabelled-namespace", Map.of())).create();
    admin.resource(variant(shop, "opt-out-label", Map.of(PodMarks.OPT_OUT, "false"))).create();
    Deployment annotated = variant(shop, "opt-out-annotation", Map.of());
    annotated
        .getSpec()
        .getTemplate()
        .getMetadata()
        .setAnnotations(Map.of(PodMarks.OPT_OUT, "false"));
    admin.resource(annotated).create();

    assertThat(awaitPods(plain, Map.of("variant", "unlabelled-namespace"), 1))
        .allMatch(StoredPods::bare);
    assertThat(awaitPods(shop, Map.of("variant", "opt-out-label"), 1)).allMatch(StoredPods::bare);
    assertThat(awaitPods(shop, Map.of("variant", "opt-out-annotation"), 1))
        .allMatch(StoredPods::bare);
  }

  @Test
  @Order(3)
  @DisplayName(
      "with the operator stopped the webhook fails open: the pod is stored bare, and the operator, back up, reports PodsWithoutSidecar")
  void failsOpen() {
    assertThat(chart.one(MutatingWebhookConfiguration.class).getWebhooks())
        .as("the chart's default webhook.failurePolicy")
        .allMatch(w -> w.getFailurePolicy().equals("Ignore"));
    operator.close();
    operator = null;
    admin.resource(variant(shop, "while-down", Map.of())).create();
    Pod bare = awaitPods(shop, Map.of("variant", "while-down"), 1).get(0);
    assertThat(StoredPods.bare(bare)).as("stored without the sidecar").isTrue();

    operator = ChartOperator.start(KUBE.kubeConfigYaml(), chart).awaitWebhookReady();
    await("CacheSync " + cacheSyncName + " reports the pod without sidecar")
        .atMost(SETTLE)
        .untilAsserted(
            () -> {
              Condition c =
                  CacheSyncsOnServer.condition(
                      CacheSyncsOnServer.get(admin, shop, cacheSyncName), "SidecarsInjected");
              assertThat(c).isNotNull();
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("PodsWithoutSidecar");
              assertThat(c.getMessage()).contains(bare.getMetadata().getName());
            });
  }
}
