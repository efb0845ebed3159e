package io.cachesync.operator.reconcile;

import io.cachesync.operator.inject.PodMutation;
import io.cachesync.operator.inject.SelectorMatch;
import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A CacheSync's pods, counted from the pod informer's cache: those its selector matches, those
 * running its sidecar (the webhook marks them), and those whose sidecar differs from what the
 * current spec would inject (the webhook stamps a hash of the sidecar it added).
 */
record PodCensus(int selected, int injected, List<Pod> outdated) {

  static PodCensus of(CacheSync cs, Collection<Pod> podsInNamespace, String currentHash) {
    String name = cs.getMetadata().getName();
    int selected = 0;
    int injected = 0;
    List<Pod> outdated = new java.util.ArrayList<>();
    for (Pod pod : podsInNamespace) {
      if (pod.getMetadata().getDeletionTimestamp() != null) continue;
      if (selects(cs, pod)) selected++;
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      if (annotations == null || !name.equals(annotations.get(PodMutation.INJECTED))) continue;
      injected++;
      if (!currentHash.equals(annotations.get(PodMutation.SIDECAR_HASH))) outdated.add(pod);
    }
    return new PodCensus(selected, injected, List.copyOf(outdated));
  }

  /** A selector the API server would refuse selects nothing (the validator names it). */
  static boolean selects(CacheSync cs, Pod pod) {
    try {
      return SelectorMatch.matches(cs.getSpec().getSelector(), pod.getMetadata().getLabels());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
