package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.operator.webhook.InjectionSettings;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fixture itself, on the rendered chart alone (no server). */
class ChartInstallTest {
  @Test
  @DisplayName(
      "the rendered chart: every kind applied or left out on purpose, the Deployment's env with the downward API filled in")
  void rendered() {
    ChartInstall chart =
        ChartInstall.render(
            Map.of("networkPolicy.enabled", true, "metrics.serviceMonitor.enabled", true));
    assertThat(chart.applied())
        .extracting(HasMetadata::getKind)
        .contains(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration")
        .doesNotContain("Deployment", "PodDisruptionBudget", "ServiceMonitor");
    Map<String, String> env = chart.operatorEnv("pod-1");
    assertThat(env)
        .containsEntry(InjectionSettings.NAMESPACE, ChartInstall.NAMESPACE)
        .containsEntry("POD_NAME", "pod-1")
        .containsEntry(InjectionSettings.SERVICE, chart.webhookService().getMetadata().getName());
    assertThat(chart.webhookService().getSpec().getPorts().get(0).getPort()).isEqualTo(443);
  }

  @Test
  @DisplayName("a kind the fixture does not know fails the install, naming it")
  void unknownKindRefused() {
    ChartInstall chart =
        new ChartInstall(
            ChartInstall.NAMESPACE,
            List.of(
                new ConfigMapBuilder().withNewMetadata().withName("new").endMetadata().build()));
    assertThatThrownBy(chart::applied)
        .hasMessageContaining("ConfigMap (new)")
        .hasMessageContaining("NOT_APPLIED");
  }
}
