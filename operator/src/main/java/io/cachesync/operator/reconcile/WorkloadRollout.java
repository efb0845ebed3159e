package io.cachesync.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code sidecar.rolloutOnChange}: restarts the workloads (Deployment, StatefulSet, DaemonSet)
 * whose pods run an outdated sidecar, the way {@code kubectl rollout restart} does, by changing
 * their pod template. The change is an annotation holding the sidecar's hash, so it is also the
 * record that this rollout was started: a workload already carrying the current hash is left alone
 * while its rollout runs. Bare pods have no one to restart them and are only counted.
 */
final class WorkloadRollout {
  /** On a workload's pod template: the sidecar hash its last CacheSync rollout was for. */
  static final String ROLLOUT_HASH = "cachesync.io/rollout-hash";

  private WorkloadRollout() {}

  /** Returns the workloads it restarted, as {@code Kind/name}. */
  static Set<String> restart(KubernetesClient client, List<Pod> outdated, String hash) {
    Set<String> restarted = new LinkedHashSet<>();
    for (Pod pod : outdated) {
      String ns = pod.getMetadata().getNamespace();
      OwnerReference owner = controllerOf(pod.getMetadata());
      if (owner == null) continue;
      switch (owner.getKind()) {
        case "ReplicaSet" -> {
          ReplicaSet rs =
              client.apps().replicaSets().inNamespace(ns).withName(owner.getName()).get();
          OwnerReference deployment = rs == null ? null : controllerOf(rs.getMetadata());
          if (deployment != null && deployment.getKind().equals("Deployment")) {
            stamp(
                client.apps().deployments().inNamespace(ns).withName(deployment.getName()),
                d -> d.getSpec().getTemplate(),
                hash,
                restarted);
          }
        }
        case "StatefulSet" ->
            stamp(
                client.apps().statefulSets().inNamespace(ns).withName(owner.getName()),
                s -> s.getSpec().getTemplate(),
                hash,
                restarted);
        case "DaemonSet" ->
            stamp(
                client.apps().daemonSets().inNamespace(ns).withName(owner.getName()),
                d -> d.getSpec().getTemplate(),
                hash,
                restarted);
        default -> {
          // a Job's pods finish on their own; other controllers are not ours to restart
        }
      }
    }
    return restarted;
  }

  private static <T extends HasMetadata> void stamp(
      Resource<T> workload,
      Function<T, PodTemplateSpec> template,
      String hash,
      Set<String> restarted) {
    T current = workload.get();
    if (current == null) return;
    String id = current.getKind() + "/" + current.getMetadata().getName();
    if (restarted.contains(id) || hash.equals(annotation(template.apply(current)))) return;
    workload.edit(
        w -> {
          PodTemplateSpec t = template.apply(w);
          if (t.getMetadata() == null) t.setMetadata(new ObjectMeta());
          ObjectMeta meta = t.getMetadata();
          if (meta.getAnnotations() == null) meta.setAnnotations(new HashMap<>());
          meta.getAnnotations().put(ROLLOUT_HASH, hash);
          return w;
        });
    restarted.add(id);
  }

  private static String annotation(PodTemplateSpec template) {
    if (template.getMetadata() == null || template.getMetadata().getAnnotations() == null) {
      return null;
    }
    return template.getMetadata().getAnnotations().get(ROLLOUT_HASH);
  }

  private static OwnerReference controllerOf(ObjectMeta meta) {
    if (meta.getOwnerReferences() == null) return null;
    return meta.getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .findFirst()
        .orElse(null);
  }
}
