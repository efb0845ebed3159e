package io.cachesync.operator.policy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** The labels of a Secret, to tell whether the platform marked it for CacheSync credentials. */
@FunctionalInterface
public interface SecretLabels {
  /** Null when the Secret does not exist. */
  Map<String, String> of(String namespace, String name);

  /** Read through the API; only the labels are looked at, never the data. */
  static SecretLabels from(KubernetesClient client) {
    return (namespace, name) -> {
      Secret s = client.secrets().inNamespace(namespace).withName(name).get();
      if (s == null) return null;
      Map<String, String> labels = s.getMetadata().getLabels();
      return labels == null ? Map.of() : labels;
    };
  }

  /** Knows no Secret at all: every one named is missing. */
  SecretLabels NONE = (namespace, name) -> null;
}
