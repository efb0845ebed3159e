package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.OperatorMain;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.operator.template.PodMarks;
import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.template.SidecarTemplate;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Status counts selected, injected and outdated pods; rolloutOnChange restarts their workloads. */
@EnableKubernetesMockClient(crud = true)
class PodCountsIT {
  static final String NS = "shop";
  KubernetesClient client;
  Operator operator;
  RedisServer redis;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    CacheSyncs.installCrd(client);
    operator = OperatorMain.create(client, false);
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    redis.close();
  }

  CacheSync catalogue() {
    CacheSync cs = CacheSyncs.minimal(NS, "catalogue", redis.uri());
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build());
    return cs;
  }

  CacheSyncStatus status() {
    CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName("catalogue").get();
    return cs == null ? null : cs.getStatus();
  }

  void pod(String name, String app, String injectedHash, OwnerReference owner) {
    Map<String, String> annotations = new HashMap<>();
    if (injectedHash != null) {
      annotations.put(PodMarks.INJECTED, "catalogue");
      annotations.put(PodMarks.SIDECAR_HASH, injectedHash);
    }
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withLabels(Map.of("app", app))
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("shop/web:1")
            .endContainer()
            .endSpec();
    if (owner != null) pod.editMetadata().withOwnerReferences(owner).endMetadata();
    client.resource(pod.build()).create();
  }

  /** The annotations on the pod template of the Deployment web. */
  Map<String, String> webTemplateAnnotations() {
    return client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .get()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations();
  }

  static OwnerReference controller(String kind, String name) {
    return new OwnerReferenceBuilder()
        .withApiVersion("apps/v1")
        .withKind(kind)
        .withName(name)
        .withUid(name + "-uid")
        .withController(true)
        .build();
  }

  @Test
  @DisplayName(
      "selected, injected and outdated pods are counted; with rolloutOnChange the Deployment of an outdated pod is restarted once")
  void countsAndRollout() {
    CacheSync cs = catalogue();
    client.resource(cs).create();
    String current = SidecarTemplate.hashFor(cs, SidecarDefaults.builtIn());
    Deployment web =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .withMatchLabels(Map.of("app", "web"))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(Map.of("app", "web"))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("shop/web:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(web).create();
    client
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName("web-1")
                .withNamespace(NS)
                .withOwnerReferences(controller("Deployment", "web"))
                .endMetadata()
                .build())
        .create();
    pod("fresh", "web", current, controller("ReplicaSet", "web-1"));
    pod("stale", "web", "0000000000000000", controller("ReplicaSet", "web-1"));
    pod("plain", "web", null, null);
    pod("elsewhere", "other", null, null);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(status()).isNotNull();
              assertThat(status().getSelectedPods()).isEqualTo(3);
              assertThat(status().getInjectedPods()).isEqualTo(2);
              assertThat(status().getOutdatedPods()).isEqualTo(1);
            });
    assertThat(webTemplateAnnotations())
        .as("without rolloutOnChange nothing is restarted")
        .isNullOrEmpty();

    client
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName("catalogue")
        .edit(
            c -> {
              SidecarSpec sidecar = new SidecarSpec();
              sidecar.setRolloutOnChange(true);
              c.getSpec().setSidecar(sidecar);
              return c;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(webTemplateAnnotations()).containsKey(WorkloadRollout.ROLLOUT_HASH));
    String stamped = webTemplateAnnotations().get(WorkloadRollout.ROLLOUT_HASH);
    CacheSync edited =
        client.resources(CacheSync.class).inNamespace(NS).withName("catalogue").get();
    assertThat(stamped).isEqualTo(SidecarTemplate.hashFor(edited, SidecarDefaults.builtIn()));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NS).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("RolloutStarted");
                          assertThat(e.getMessage()).contains("Deployment/web");
                        }));
  }

  @Test
  @DisplayName("a pod that appears later is counted without any change to the CacheSync")
  void followsPods() {
    client.resource(catalogue()).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status() != null && Integer.valueOf(0).equals(status().getSelectedPods()));
    pod("late", "web", null, null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Integer.valueOf(1).equals(status().getSelectedPods()));
  }

  long connectionsReceived() {
    String stats = RedisCli.command(redis.host(), redis.port(), "INFO", "stats");
    return stats
        .lines()
        .filter(l -> l.startsWith("total_connections_received:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "pods coming and going are counted without a visit to Redis each: a recent answer is reused")
  void podEventsDoNotVisitRedis() {
    client.resource(catalogue()).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status() != null && Integer.valueOf(0).equals(status().getSelectedPods()));
    long before = connectionsReceived();
    for (int i = 0; i < 5; i++) pod("web-" + i, "web", null, null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Integer.valueOf(5).equals(status().getSelectedPods()));
    // the second INFO's own connection, and at most one visit (e.g. a recheck falling due): its
    // check and its privilege probe
    assertThat(connectionsReceived()).isLessThanOrEqualTo(before + 3);
  }
}
