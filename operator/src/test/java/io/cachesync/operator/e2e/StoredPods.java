package io.cachesync.operator.e2e;

import io.cachesync.operator.template.PodMarks;
import io.cachesync.operator.template.SidecarTemplate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pods as the API server stored them after admission. No kubelet runs them, so the stored spec is
 * what the webhook made of them.
 */
final class StoredPods {
  private StoredPods() {}

  static List<Pod> labelled(KubernetesClient client, String namespace, Map<String, String> labels) {
    return client.pods().inNamespace(namespace).withLabels(labels).list().getItems();
  }

  /** The injected sidecar, as a regular container (before 1.29) or a native sidecar. */
  static boolean hasSidecar(Pod pod) {
    return Stream.concat(
            containers(pod.getSpec().getContainers()),
            containers(pod.getSpec().getInitContainers()))
        .anyMatch(c -> c.getName().equals(SidecarTemplate.CONTAINER_NAME));
  }

  static String annotation(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  static String sidecarHash(Pod pod) {
    return annotation(pod, PodMarks.SIDECAR_HASH);
  }

  /** Untouched by the webhook: no sidecar and none of its marks. */
  static boolean bare(Pod pod) {
    return !hasSidecar(pod)
        && annotation(pod, PodMarks.INJECTED) == null
        && annotation(pod, PodMarks.SIDECAR_HASH) == null;
  }

  private static Stream<Container> containers(List<Container> list) {
    return list == null ? Stream.empty() : list.stream();
  }
}
