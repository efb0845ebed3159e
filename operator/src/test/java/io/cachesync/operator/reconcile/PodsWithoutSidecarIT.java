package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.template.PodMarks;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A selected pod that started without the sidecar (the webhook fails open) is made visible. */
class PodsWithoutSidecarIT extends OperatorOnMockServer {

  CacheSyncStatus status() {
    CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName("catalogue").get();
    return cs == null ? null : cs.getStatus();
  }

  Condition sidecarsInjected() {
    return status().getConditions().stream()
        .filter(c -> c.getType().equals(PodsWithoutSidecar.CONDITION))
        .findFirst()
        .orElseThrow();
  }

  void pod(String name, Map<String, String> labels, Map<String, String> annotations) {
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop/web:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  static Map<String, String> web(String... more) {
    Map<String, String> labels = new HashMap<>(Map.of("app", "web"));
    for (int i = 0; i < more.length; i += 2) labels.put(more[i], more[i + 1]);
    return labels;
  }

  @Test
  @DisplayName(
      "a selected pod without a sidecar is counted, named in a Warning Event and a condition that says to delete it")
  void bareSelectedPod() {
    CacheSync cs = CacheSyncs.minimal(NS, "catalogue", redis.uri());
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build());
    client.resource(cs).create();
    pod("web-bare", web(), Map.of());
    pod("web-injected", web(), Map.of(PodMarks.INJECTED, "catalogue"));
    pod("web-other-sidecar", web(), Map.of(PodMarks.INJECTED, "older-cachesync"));
    pod("web-opted-out", web(PodMarks.OPT_OUT, "false"), Map.of());
    pod("web-opted-out-annotation", web(), Map.of(PodMarks.OPT_OUT, "false"));
    pod("elsewhere", Map.of("app", "other"), Map.of());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(status()).isNotNull();
              assertThat(status().getSelectedPods()).isEqualTo(5);
              assertThat(status().getPodsWithoutSidecar()).isEqualTo(1);
              assertThat(sidecarsInjected().getStatus()).isEqualTo("False");
              assertThat(sidecarsInjected().getReason()).isEqualTo("PodsWithoutSidecar");
              assertThat(sidecarsInjected().getMessage()).contains("web-bare", "Delete them");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NS).list().getItems())
                    .filteredOn(e -> "PodsWithoutSidecar".equals(e.getReason()))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage()).contains("web-bare");
                          assertThat(e.getInvolvedObject().getName()).isEqualTo("catalogue");
                        }));

    client.pods().inNamespace(NS).withName("web-bare").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(status().getPodsWithoutSidecar()).isZero();
              assertThat(sidecarsInjected().getStatus()).isEqualTo("True");
            });
  }
}
