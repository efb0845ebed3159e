package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** policy.* reaches the operator, and the validating webhook guards CacheSyncs at apply time. */
class AdmissionPolicyTest {
  private static final Rendered DEFAULTS = Chart.template(ChartValues.defaults());

  static ValidatingWebhook webhook(Rendered rendered) {
    return rendered.one(ValidatingWebhookConfiguration.class).getWebhooks().get(0);
  }

  @Test
  @DisplayName("by default: the chart's sidecar repository with any tag or digest, 2 CPUs, 2Gi")
  void defaults() {
    OperatorPod pod = OperatorPod.of(DEFAULTS);
    assertThat(pod.env("CACHESYNC_POLICY_ALLOWED_IMAGES"))
        .isEqualTo("cachesync/sidecar:*,cachesync/sidecar@sha256:*");
    assertThat(pod.env("CACHESYNC_POLICY_MAX_CPU")).isEqualTo("2");
    assertThat(pod.env("CACHESYNC_POLICY_MAX_MEMORY")).isEqualTo("2Gi");
  }

  @Test
  @DisplayName("the default follows global.imageRegistry and sidecar.image.repository")
  void defaultFollowsTheImage() {
    OperatorPod pod =
        OperatorPod.of(
            Chart.template(
                Map.of(
                    "global.imageRegistry", "mirror.example:5000",
                    "sidecar.image.repository", "platform/cachesync-sidecar")));
    assertThat(pod.env("CACHESYNC_POLICY_ALLOWED_IMAGES"))
        .isEqualTo(
            "mirror.example:5000/platform/cachesync-sidecar:*,"
                + "mirror.example:5000/platform/cachesync-sidecar@sha256:*");
  }

  @Test
  @DisplayName("policy.allowedImages, maxCpu and maxMemory are passed as they are set")
  void setValues() {
    OperatorPod pod =
        OperatorPod.of(
            Chart.template(
                Map.of(
                    "policy.allowedImages[0]", "a.example/x:1.*",
                    "policy.allowedImages[1]", "a.example/x@sha256:*",
                    "policy.maxCpu", "500m",
                    "policy.maxMemory", "512Mi")));
    assertThat(pod.env("CACHESYNC_POLICY_ALLOWED_IMAGES"))
        .isEqualTo("a.example/x:1.*,a.example/x@sha256:*");
    assertThat(pod.env("CACHESYNC_POLICY_MAX_CPU")).isEqualTo("500m");
    assertThat(pod.env("CACHESYNC_POLICY_MAX_MEMORY")).isEqualTo("512Mi");
  }

  @Test
  @DisplayName("a bound that is no quantity, or a pattern with a space, fails the install, named")
  void schema() {
    assertThatThrownBy(() -> Chart.template(Map.of("policy.maxMemory", "lots")))
        .hasMessageContaining("maxMemory");
    assertThatThrownBy(() -> Chart.template(Map.of("policy.allowedImages[0]", "a/b:1 evil/x:1")))
        .hasMessageContaining("allowedImages");
  }

  @Test
  @DisplayName(
      "validate.cachesync.io: CacheSync creates and updates only, fail closed, v1, no side effects")
  void validatingWebhook() {
    ValidatingWebhook webhook = webhook(DEFAULTS);
    assertThat(DEFAULTS.one(ValidatingWebhookConfiguration.class).getWebhooks()).hasSize(1);
    assertThat(webhook.getName()).isEqualTo("validate.cachesync.io");
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
              assertThat(rule.getApiGroups()).containsExactly("cachesync.io");
              assertThat(rule.getResources()).containsExactly("cachesyncs");
            });
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/validate-cachesync");
    assertThat(webhook.getClientConfig().getCaBundle()).as("written by the operator").isNull();
  }

  @Test
  @DisplayName(
      "it is served by the injecting webhook's Service and named as the operator is told, so"
          + " its caBundle is kept current")
  void sameServiceAndName() {
    var mutating = DEFAULTS.one(MutatingWebhookConfiguration.class);
    var service = mutating.getWebhooks().get(0).getClientConfig().getService();
    assertThat(webhook(DEFAULTS).getClientConfig().getService().getName())
        .isEqualTo(service.getName());
    assertThat(webhook(DEFAULTS).getClientConfig().getService().getPort())
        .isEqualTo(service.getPort());
    assertThat(DEFAULTS.one(ValidatingWebhookConfiguration.class).getMetadata().getName())
        .isEqualTo(OperatorPod.of(DEFAULTS).env("CACHESYNC_WEBHOOK_CONFIGURATION"));
    assertThat(DEFAULTS.one(ClusterRole.class).getRules())
        .filteredOn(r -> r.getResources().contains("validatingwebhookconfigurations"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getResourceNames()).containsExactly(mutating.getMetadata().getName()));
  }

  @Test
  @DisplayName("with cert-manager, its cainjector writes this caBundle too")
  void certManager() {
    Rendered rendered = Chart.template(Map.of("webhook.certificates", "cert-manager"));
    assertThat(rendered.one(ValidatingWebhookConfiguration.class).getMetadata().getAnnotations())
        .containsKey("cert-manager.io/inject-ca-from")
        .isEqualTo(rendered.one(MutatingWebhookConfiguration.class).getMetadata().getAnnotations());
  }
}
