package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NetworkPolicyTest {
  @Test
  @DisplayName("no NetworkPolicy by default")
  void offByDefault() {
    assertThat(Chart.template(ChartValues.defaults()).all(NetworkPolicy.class)).isEmpty();
  }

  @Test
  @DisplayName(
      "when enabled, the operator's pods take connections on the webhook and probes ports only, from anywhere; egress stays open")
  void webhookAndProbesOnly() {
    Rendered rendered = Chart.template(Map.of("networkPolicy.enabled", true));
    NetworkPolicy policy = rendered.one(NetworkPolicy.class);
    OperatorPod pod = OperatorPod.of(rendered);

    assertThat(LabelSelectors.matches(policy.getSpec().getPodSelector(), pod.labels())).isTrue();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom()).isEmpty();
              assertThat(rule.getPorts().stream().map(p -> containerPort(pod, p)).toList())
                  .containsExactlyInAnyOrder(8081, 9443);
              assertThat(rule.getPorts())
                  .extracting(NetworkPolicyPort::getProtocol)
                  .containsOnly("TCP");
            });
    // every port the operator listens on is one the policy names
    assertThat(pod.container().getPorts().stream().map(ContainerPort::getContainerPort).toList())
        .containsExactlyInAnyOrderElementsOf(List.of(8081, 9443));
  }

  /** The container port a policy port means, by name or number. */
  private static int containerPort(OperatorPod pod, NetworkPolicyPort port) {
    if (port.getPort().getStrVal() == null) return port.getPort().getIntVal();
    return pod.container().getPorts().stream()
        .filter(p -> port.getPort().getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port " + port.getPort().getStrVal()));
  }
}
