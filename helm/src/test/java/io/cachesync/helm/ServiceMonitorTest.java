package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServiceMonitorTest {
  @Test
  @DisplayName("no ServiceMonitor by default: the Prometheus Operator is not required")
  void offByDefault() {
    assertThat(
            Chart.template(ChartValues.defaults())
                .generic("monitoring.coreos.com/v1", "ServiceMonitor"))
        .isEmpty();
  }

  @Test
  @DisplayName("when enabled it scrapes /metrics on the probes port of the metrics Service only")
  void scrapesTheMetricsService() {
    Rendered rendered =
        Chart.template(
            Map.of(
                "metrics.serviceMonitor.enabled",
                true,
                "metrics.serviceMonitor.labels.release",
                "prometheus"));
    GenericKubernetesResource monitor =
        rendered.generic("monitoring.coreos.com/v1", "ServiceMonitor").get(0);
    LabelSelector selector =
        new KubernetesSerialization()
            .convertValue(monitor.get("spec", "selector"), LabelSelector.class);
    List<Service> selected =
        rendered.all(Service.class).stream()
            .filter(s -> LabelSelectors.matches(selector, s.getMetadata().getLabels()))
            .toList();
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");

    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(selected).singleElement().satisfies(this::isTheMetricsService);
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            endpoint -> {
              assertThat(endpoint).containsEntry("port", "probes");
              assertThat(endpoint).containsEntry("path", "/metrics");
            });
  }

  private void isTheMetricsService(Service service) {
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("probes");
              assertThat(port.getTargetPort().getStrVal()).isEqualTo("probes");
            });
  }
}
