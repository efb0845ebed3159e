package io.cachesync.operator.webhook.tls;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
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
 * equal to the CAs in the TLS Secret, so the API server trusts what the webhook serves; and that of
 * {@value #VALIDATING_WEBHOOK} in the ValidatingWebhookConfiguration of the same name.
 */
public final class CaBundlePatcher {
  static final String WEBHOOK = "inject.cachesync.io";
  static final String VALIDATING_WEBHOOK = "validate.cachesync.io";
  private static final Logger log = LoggerFactory.getLogger(CaBundlePatcher.class);

  private final KubernetesClient client;
  private final String configuration;

  public CaBundlePatcher(KubernetesClient client, String configuration) {
    this.client = client;
    this.configuration = configuration;
  }

  /**
   * True when the injection webhook's caBundle is (now) {@code caPem}; false, with a log line, when
   * it cannot be. The validating webhook's is set alongside; its absence (a chart from before it)
   * is logged but holds nothing up.
   */
  boolean ensure(String caPem) {
    String wanted = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    boolean injecting = ensureMutating(wanted);
    ensureValidating(wanted);
    return injecting;
  }

  private void ensureValidating(String wanted) {
    var configurations = client.admissionRegistration().v1().validatingWebhookConfigurations();
    ValidatingWebhookConfiguration vwc = configurations.withName(configuration).get();
    List<ValidatingWebhook> hooks = vwc == null ? null : vwc.getWebhooks();
    for (int i = 0; hooks != null && i < hooks.size(); i++) {
      if (!VALIDATING_WEBHOOK.equals(hooks.get(i).getName())) continue;
      if (wanted.equals(hooks.get(i).getClientConfig().getCaBundle())) return;
      configurations
          .withName(configuration)
          .patch(PatchContext.of(PatchType.JSON), patch(i, VALIDATING_WEBHOOK, wanted));
      log.info(
          "ValidatingWebhookConfiguration {}: caBundle of {} updated",
          configuration,
          VALIDATING_WEBHOOK);
      return;
    }
    log.warn(
        "ValidatingWebhookConfiguration {} with a webhook {} does not exist; CacheSyncs are not"
            + " checked at apply time until it does (the reconciler still checks them)",
        configuration,
        VALIDATING_WEBHOOK);
  }

  /** "test" pins the index to the webhook it was read from, in case the list changed since. */
  private static String patch(int i, String webhook, String wanted) {
    return "[{\"op\":\"test\",\"path\":\"/webhooks/%d/name\",\"value\":\"%s\"},"
            .formatted(i, webhook)
        + "{\"op\":\"add\",\"path\":\"/webhooks/%d/clientConfig/caBundle\",\"value\":\"%s\"}]"
            .formatted(i, wanted);
  }

  private boolean ensureMutating(String wanted) {
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
