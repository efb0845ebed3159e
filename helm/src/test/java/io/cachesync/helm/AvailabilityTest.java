package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AvailabilityTest {
  private static final Rendered DEFAULTS = Chart.template(ChartValues.defaults());

  @Test
  @DisplayName("two replicas by default, and a drain always leaves one of them")
  void twoReplicasAndABudget() {
    PodDisruptionBudget budget = DEFAULTS.one(PodDisruptionBudget.class);

    assertThat(DEFAULTS.one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(
            LabelSelectors.matches(
                budget.getSpec().getSelector(), OperatorPod.of(DEFAULTS).labels()))
        .isTrue();
  }

  @Test
  @DisplayName("a single replica gets no PodDisruptionBudget, which would block every drain")
  void oneReplicaNoBudget() {
    Rendered rendered = Chart.template(Map.of("operator.replicas", 1));

    assertThat(rendered.one(Deployment.class).getSpec().getReplicas()).isEqualTo(1);
    assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
  }

  @Test
  @DisplayName("replicas prefer different nodes")
  void spreadAcrossNodes() {
    var antiAffinity =
        OperatorPod.of(DEFAULTS).template().getSpec().getAffinity().getPodAntiAffinity();

    assertThat(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .extracting(WeightedPodAffinityTerm::getPodAffinityTerm)
        .satisfies(
            term -> {
              assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
              assertThat(
                      LabelSelectors.matches(
                          term.getLabelSelector(), OperatorPod.of(DEFAULTS).labels()))
                  .isTrue();
            });
    assertThat(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty();
  }

  @Test
  @DisplayName("an upgrade starts a new replica before it stops an old one")
  void rollingUpdateKeepsTheWebhookUp() {
    var rollingUpdate = DEFAULTS.one(Deployment.class).getSpec().getStrategy().getRollingUpdate();

    assertThat(rollingUpdate.getMaxUnavailable().getIntVal()).isZero();
    assertThat(rollingUpdate.getMaxSurge().getIntVal()).isEqualTo(1);
  }
}
