package io.cachesync.operator.e2e;

import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.time.Duration;

/** Shared by the E2E classes: the checked-in CRD on a real API server, waited for until served. */
final class RealCrd {
  static final String API_VERSION = "cachesync.io/v1alpha1";
  static final String NAME = "cachesyncs.cachesync.io";

  private RealCrd() {}

  /** Installs the CRD unless present and waits for Established (it is not served before). */
  static CustomResourceDefinition install(KubernetesClient client) throws IOException {
    Resource<CustomResourceDefinition> crd =
        client.apiextensions().v1().customResourceDefinitions().withName(NAME);
    if (crd.get() == null) CacheSyncs.installCrd(client);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                crd.get().getStatus() != null
                    && crd.get().getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                c.getType().equals("Established") && c.getStatus().equals("True")));
    return crd.get();
  }

  static void namespace(KubernetesClient client, String name) {
    if (client.namespaces().withName(name).get() == null)
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
  }

  /** CRD validation rules (CEL) are enforced by default from Kubernetes 1.25. */
  static boolean enforcesCel(KubernetesClient client) {
    var v = client.getKubernetesVersion();
    int major = Integer.parseInt(v.getMajor().replaceAll("\\D", ""));
    int minor = Integer.parseInt(v.getMinor().replaceAll("\\D", ""));
    return major > 1 || minor >= 25;
  }
}
