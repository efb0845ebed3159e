package io.cachesync.operator.inject;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the caBundle of the webhook {@value #WEBHOOK} in the chart's MutatingWebhookConfiguration
 * equal to the CAs in the TLS Secret, so the API server trusts what the webhook serves.
 */
final class CaBundlePatcher {
  static final String WEBHOOK = "inject.cachesync.io";
  private static final Logger log = LoggerFactory.getLogger(CaBundlePatcher.class);

  private final KubernetesClient client;
  private final String configuration;

  CaBundlePatcher(KubernetesClient client, String configuration) {
    this.client = client;
    this.configuration = configuration;
  }

  /** True when the caBundle is (now) {@code caPem}; false, with a log line, when it cannot be. */
  boolean ensure(String caPem) {
    String wanted = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    MutatingWebhookConfiguration mwc =
        client
            .admissionRegistration()
            .v1()
            .mutatingWebhookConfigurations()
            .withName(configuration)
            .get();
    if (mwc == null) {
      log.warn(
          "MutatingWebhookConfiguration {} does not exist; its caBundle will be set once it does",
          configuration);
      return false;
    }
    List<MutatingWebhook> hooks = mwc.getWebhooks();
    for (int i = 0; hooks != null && i < hooks.size(); i++) {
      if (!WEBHOOK.equals(hooks.get(i).getName())) continue;
      if (wanted.equals(hooks.get(i).getClientConfig().getCaBundle())) return true;
      // "test" pins the index to the webhook it was read from, in case the list changed since
      String patch =
          "[{\"op\":\"test\",\"path\":\"/webhooks/%d/name\",\"value\":\"%s\"},"
                  .formatted(i, WEBHOOK)
              + "{\"op\":\"add\",\"path\":\"/webhooks/%d/clientConfig/caBundle\",\"value\":\"%s\"}]"
                  .formatted(i, wanted);
      client
          .admissionRegistration()
          .v1()
          .mutatingWebhookConfigurations()
          .withName(configuration)
          .patch(PatchContext.of(PatchType.JSON), patch);
      log.info("MutatingWebhookConfiguration {}: caBundle of {} updated", configuration, WEBHOOK);
      return true;
    }
    log.warn(
        "MutatingWebhookConfiguration {} has no webhook named {}; caBundle not set",
        configuration,
        WEBHOOK);
    return false;
  }
}
