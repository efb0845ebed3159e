package io.cachesync.operator.webhook;

import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.webhook.tls.CertificateMode;
import io.cachesync.operator.webhook.tls.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * What the Helm chart puts in the cluster for the webhook, and reading back what the operator
 * wrote.
 */
public final class WebhookFixtures {
  public static final String NS = "cachesync-system";
  public static final String SERVICE = "cachesync-webhook";
  public static final String CONFIGURATION = "cachesync-injector";
  public static final String SECRET = "cachesync-webhook-tls";

  private WebhookFixtures() {}

  public static InjectionSettings settings(List<String> extraSans) {
    return new InjectionSettings(
        0,
        SERVICE,
        NS,
        CONFIGURATION,
        SECRET,
        CertificateMode.OPERATOR,
        null,
        SidecarDefaults.of("cachesync/sidecar:test"),
        extraSans,
        null,
        null);
  }

  /**
   * The chart's MutatingWebhookConfiguration: an unrelated webhook first, then ours, no caBundle.
   */
  public static void createWebhookConfiguration(KubernetesClient client) {
    MutatingWebhookConfiguration mwc =
        new MutatingWebhookConfigurationBuilder()
            .withNewMetadata()
            .withName(CONFIGURATION)
            .endMetadata()
            .addNewWebhook()
            .withName("other.example.com")
            .withNewClientConfig()
            .withUrl("https://other.example.com/mutate")
            .endClientConfig()
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .endWebhook()
            .addNewWebhook()
            .withName("inject.cachesync.io")
            .withNewClientConfig()
            .withNewService()
            .withName(SERVICE)
            .withNamespace(NS)
            .withPath("/inject")
            .withPort(443)
            .endService()
            .endClientConfig()
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withFailurePolicy("Ignore")
            .withReinvocationPolicy("IfNeeded")
            .withNewNamespaceSelector()
            .addToMatchLabels("cachesync.io/injection", "enabled")
            .endNamespaceSelector()
            .addNewRule()
            .withApiGroups("")
            .withApiVersions("v1")
            .withOperations("CREATE")
            .withResources("pods")
            .endRule()
            .endWebhook()
            .build();
    client.resource(mwc).create();
    client
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(CONFIGURATION)
                .endMetadata()
                .addNewWebhook()
                .withName("validate.cachesync.io")
                .withNewClientConfig()
                .withNewService()
                .withName(SERVICE)
                .withNamespace(NS)
                .withPath("/validate-cachesync")
                .withPort(443)
                .endService()
                .endClientConfig()
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withFailurePolicy("Fail")
                .endWebhook()
                .build())
        .create();
  }

  public static String caBundle(KubernetesClient client) {
    return client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(CONFIGURATION)
        .get()
        .getWebhooks()
        .get(1)
        .getClientConfig()
        .getCaBundle();
  }

  /** The caBundle the operator wrote into the validating webhook. */
  public static String validatingCaBundle(KubernetesClient client) {
    return client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(CONFIGURATION)
        .get()
        .getWebhooks()
        .get(0)
        .getClientConfig()
        .getCaBundle();
  }

  public static Secret secret(KubernetesClient client) {
    return client.secrets().inNamespace(NS).withName(SECRET).get();
  }

  public static List<X509Certificate> trustedCas(KubernetesClient client) {
    return Pem.parseCertificates(
        "ca.crt", Base64.getDecoder().decode(secret(client).getData().get("ca.crt")));
  }

  public static X509Certificate storedLeaf(KubernetesClient client) {
    return Pem.parseCertificates(
            "tls.crt", Base64.getDecoder().decode(secret(client).getData().get("tls.crt")))
        .get(0);
  }

  public static List<String> sans(X509Certificate cert) throws Exception {
    return cert.getSubjectAlternativeNames().stream()
        .map(san -> String.valueOf(san.get(1)))
        .toList();
  }
}
