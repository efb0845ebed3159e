package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.policy.NamedSecret;
import io.cachesync.operator.policy.SecretLabels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * How the Secrets a CacheSync names are read, in its namespace: {@code labelled} gives the Secret
 * only when the platform marked it for CacheSyncs (its data is used); {@code exists} tells an
 * unmarked Secret from a missing one, for the message only.
 */
interface SecretLookup {
  Secret labelled(String name);

  boolean exists(String name);

  /** From the label-selected informer ({@link RedisSecretSource}), the reconciler's way. */
  static SecretLookup of(Context<CacheSync> context, String namespace) {
    var informer = RedisSecretSource.in(context);
    KubernetesClient client = context.getClient();
    return new SecretLookup() {
      @Override
      public Secret labelled(String name) {
        return informer.get(new ResourceID(name, namespace)).orElse(null);
      }

      @Override
      public boolean exists(String name) {
        // one GET, only when the informer does not hold it: an unmarked or missing Secret
        return client.secrets().inNamespace(namespace).withName(name).get() != null;
      }
    };
  }

  /**
   * The policy's view of Secret labels: a labelled Secret from the informer, any other (unmarked or
   * missing, the rare case) by one GET, so a pass does not read every named Secret again.
   */
  static SecretLabels labels(Context<CacheSync> context) {
    var informer = RedisSecretSource.in(context);
    SecretLabels api = SecretLabels.from(context.getClient());
    return (namespace, name) ->
        informer
            .get(new ResourceID(name, namespace))
            .map(s -> s.getMetadata().getLabels())
            .orElseGet(() -> api.of(namespace, name));
  }

  /** By name through the client, for callers without the informer (the finalizer). */
  static SecretLookup of(KubernetesClient client, String namespace) {
    return new SecretLookup() {
      @Override
      public Secret labelled(String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        return secret != null && NamedSecret.marked(secret.getMetadata().getLabels())
            ? secret
            : null;
      }

      @Override
      public boolean exists(String name) {
        return client.secrets().inNamespace(namespace).withName(name).get() != null;
      }
    };
  }
}
