package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/** CacheSyncs on a server whose validating webhook (failurePolicy Fail) is the operator's. */
final class CacheSyncsOnServer {
  static final Duration SETTLE = Duration.ofSeconds(60);

  private CacheSyncsOnServer() {}

  /**
   * Creates {@code cs} as a user would, waiting while the API server cannot reach the webhook yet
   * (it answers 500 "failed calling webhook" until its caBundle and endpoint are in place).
   */
  static void create(KubernetesClient client, CacheSync cs) {
    await("the API server admits CacheSync " + cs.getMetadata().getName() + " through the webhook")
        .atMost(SETTLE)
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 500)
        .until(
            () -> {
              client.resource(cs).create();
              return true;
            });
  }

  static CacheSync get(KubernetesClient client, String namespace, String name) {
    return client.resources(CacheSync.class).inNamespace(namespace).withName(name).get();
  }

  static Condition condition(CacheSync cs, String type) {
    if (cs == null || cs.getStatus() == null || cs.getStatus().getConditions() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  /** Waits for condition {@code type} with {@code status} at the CacheSync's generation. */
  static void awaitCondition(KubernetesClient client, CacheSync cs, String type, String status) {
    String ns = cs.getMetadata().getNamespace();
    String name = cs.getMetadata().getName();
    await(type + "=" + status + " on CacheSync " + ns + "/" + name)
        .atMost(SETTLE)
        .untilAsserted(
            () -> {
              CacheSync now = get(client, ns, name);
              Condition c = condition(now, type);
              assertThat(c).as("%s condition of %s", type, name).isNotNull();
              assertThat(c.getStatus()).as(c.getMessage()).isEqualTo(status);
              assertThat(now.getStatus().getObservedGeneration())
                  .isEqualTo(now.getMetadata().getGeneration());
            });
  }
}
