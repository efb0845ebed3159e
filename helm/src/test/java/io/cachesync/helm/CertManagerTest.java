package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CertManagerTest {
  private static final Rendered CERT_MANAGER =
      Chart.template(Map.of("webhook.certificates", "cert-manager"));

  @Test
  @DisplayName("a self-signed Issuer signs a Certificate for the webhook Service's DNS names")
  void certificateForTheService() {
    GenericKubernetesResource certificate = certificate();
    GenericKubernetesResource issuer = CERT_MANAGER.generic("cert-manager.io/v1", "Issuer").get(0);
    String service = OperatorPod.of(CERT_MANAGER).env("CACHESYNC_WEBHOOK_SERVICE");

    assertThat((Object) issuer.get("spec", "selfSigned")).isEqualTo(Map.of());
    assertThat((Object) certificate.get("spec", "issuerRef", "name"))
        .isEqualTo(issuer.getMetadata().getName());
    assertThat((Object) certificate.get("spec", "issuerRef", "kind")).isEqualTo("Issuer");
    List<String> dnsNames = certificate.get("spec", "dnsNames");

    assertThat(dnsNames).contains(service + "." + Chart.NAMESPACE + ".svc");
  }

  @Test
  @DisplayName("cert-manager writes the Secret the operator is told about and mounts")
  void secretMountedWhereTheOperatorLooks() {
    OperatorPod pod = OperatorPod.of(CERT_MANAGER);
    String secret = pod.env("CACHESYNC_WEBHOOK_TLS_SECRET");
    Volume volume =
        pod.template().getSpec().getVolumes().stream()
            .filter(v -> v.getSecret() != null)
            .findFirst()
            .orElseThrow();
    VolumeMount mount =
        pod.container().getVolumeMounts().stream()
            .filter(m -> m.getName().equals(volume.getName()))
            .findFirst()
            .orElseThrow();

    assertThat((Object) certificate().get("spec", "secretName")).isEqualTo(secret);
    assertThat(volume.getSecret().getSecretName()).isEqualTo(secret);
    assertThat(mount.getMountPath())
        .isEqualTo(pod.env("CACHESYNC_WEBHOOK_CERT_DIR"))
        .isEqualTo("/etc/cachesync/webhook-tls");
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(pod.env("CACHESYNC_WEBHOOK_CERTIFICATES")).isEqualTo("cert-manager");
  }

  @Test
  @DisplayName("cert-manager's cainjector is pointed at the Certificate")
  void caInjected() {
    MutatingWebhookConfiguration configuration =
        CERT_MANAGER.one(MutatingWebhookConfiguration.class);

    assertThat(configuration.getMetadata().getAnnotations())
        .containsEntry(
            "cert-manager.io/inject-ca-from",
            Chart.NAMESPACE + "/" + certificate().getMetadata().getName());
  }

  @Test
  @DisplayName("by default nothing of cert-manager is rendered and no certificate is mounted")
  void operatorModeByDefault() {
    Rendered defaults = Chart.template(ChartValues.defaults());
    OperatorPod pod = OperatorPod.of(defaults);

    assertThat(defaults.objects()).noneMatch(o -> o.getApiVersion().startsWith("cert-manager.io/"));
    assertThat(pod.env("CACHESYNC_WEBHOOK_CERTIFICATES")).isEqualTo("operator");
    assertThat(pod.envVar("CACHESYNC_WEBHOOK_CERT_DIR")).isEmpty();
    assertThat(pod.template().getSpec().getVolumes()).noneMatch(v -> v.getSecret() != null);
  }

  private static GenericKubernetesResource certificate() {
    assertThat(CERT_MANAGER.generic("cert-manager.io/v1", "Certificate")).hasSize(1);
    return CERT_MANAGER.generic("cert-manager.io/v1", "Certificate").get(0);
  }
}
