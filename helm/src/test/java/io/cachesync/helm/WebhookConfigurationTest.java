package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebhookConfigurationTest {
  private static final Rendered DEFAULTS = Chart.template(ChartValues.defaults());

  @Test
  @DisplayName("by default the webhook fails open: pods start without the sidecar")
  void failsOpenByDefault() {
    assertThat(webhook(DEFAULTS).getFailurePolicy()).isEqualTo("Ignore");
  }

  @Test
  @DisplayName("webhook.failurePolicy=Fail makes it fail closed")
  void failsClosedWhenAsked() {
    Rendered rendered = Chart.template(Map.of("webhook.failurePolicy", "Fail"));

    assertThat(webhook(rendered).getFailurePolicy()).isEqualTo("Fail");
  }

  @Test
  @DisplayName(
      "one webhook, inject.cachesync.io: v1 reviews, no side effects, 5 s, never reinvoked")
  void shape() {
    MutatingWebhookConfiguration configuration = DEFAULTS.one(MutatingWebhookConfiguration.class);
    MutatingWebhook webhook = webhook(DEFAULTS);

    assertThat(configuration.getWebhooks()).hasSize(1);
    assertThat(webhook.getName()).isEqualTo("inject.cachesync.io");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getReinvocationPolicy()).isEqualTo("Never");
  }

  @Test
  @DisplayName("it sees only pod creation, nothing else")
  void onlyPodCreation() {
    assertThat(webhook(DEFAULTS).getRules())
        .singleElement()
        .satisfies(
            (RuleWithOperations rule) -> {
              assertThat(rule.getOperations()).containsExactly("CREATE");
              assertThat(rule.getApiGroups()).containsExactly("");
              assertThat(rule.getApiVersions()).containsExactly("v1");
              assertThat(rule.getResources()).containsExactly("pods");
              assertThat(rule.getScope()).isEqualTo("Namespaced");
            });
  }

  @Test
  @DisplayName("only namespaces labelled cachesync.io/injection=enabled are in scope")
  void namespaceOptIn() {
    var selector = webhook(DEFAULTS).getNamespaceSelector();

    assertThat(selector.getMatchLabels())
        .containsExactly(Map.entry("cachesync.io/injection", "enabled"));
    assertThat(LabelSelectors.matches(selector, Map.of("cachesync.io/injection", "enabled")))
        .isTrue();
    assertThat(LabelSelectors.matches(selector, Map.of("kubernetes.io/metadata.name", "default")))
        .isFalse();
  }

  @Test
  @DisplayName("the object selector skips the operator's own pods and pods labelled inject=false")
  void objectSelector() {
    var selector = webhook(DEFAULTS).getObjectSelector();

    assertThat(selector.getMatchExpressions()).hasSize(2);
    assertThat(LabelSelectors.matches(selector, OperatorPod.of(DEFAULTS).labels())).isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("app", "catalogue"))).isTrue();
    assertThat(LabelSelectors.matches(selector, Map.of("cachesync.io/inject", "false"))).isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("cachesync.io/inject", "true"))).isTrue();
  }

  @Test
  @DisplayName("the API server reaches /inject through the webhook Service on the operator's port")
  void reachesTheOperator() {
    ServiceReference reference = webhook(DEFAULTS).getClientConfig().getService();
    Service service = DEFAULTS.named(Service.class, reference.getName()).orElseThrow();
    ServicePort port =
        service.getSpec().getPorts().stream()
            .filter(p -> p.getPort().equals(reference.getPort()))
            .findFirst()
            .orElseThrow();
    OperatorPod pod = OperatorPod.of(DEFAULTS);

    assertThat(reference.getPath()).isEqualTo("/inject");
    assertThat(reference.getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(reference.getPort()).isEqualTo(443);
    assertThat(pod.labels()).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(pod.container().getPorts())
        .filteredOn(p -> p.getName().equals(port.getTargetPort().getStrVal()))
        .extracting(ContainerPort::getContainerPort)
        .containsExactly(9443);
  }

  @Test
  @DisplayName("with operator certificates the caBundle is left empty for the operator to fill")
  void caBundleLeftToTheOperator() {
    MutatingWebhookConfiguration configuration = DEFAULTS.one(MutatingWebhookConfiguration.class);

    assertThat(webhook(DEFAULTS).getClientConfig().getCaBundle()).isNullOrEmpty();
    assertThat(configuration.getMetadata().getAnnotations())
        .doesNotContainKey("cert-manager.io/inject-ca-from");
  }

  private static MutatingWebhook webhook(Rendered rendered) {
    return rendered.one(MutatingWebhookConfiguration.class).getWebhooks().get(0);
  }
}
