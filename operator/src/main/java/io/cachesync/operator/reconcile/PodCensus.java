package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.PodMarks;
import io.cachesync.operator.template.SelectorMatch;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A CacheSync's pods, counted from the pod informer's cache: those its selector matches (a scan of
 * the namespace's cached pods: a label selector with expressions has no index key), those running
 * its sidecar (the webhook marks them; read from the informer's index by that mark), those whose
 * sidecar differs from what the current spec would inject (the webhook stamps a hash of the sidecar
 * it added), and the selected ones that run no sidecar at all (sorted names): the webhook fails
 * open, so a pod created while it was unreachable starts bare and sends no invalidations.
 */
record PodCensus(int selected, int injected, List<Pod> outdated, List<String> withoutSidecar) {

  /** {@code injected}: the pods marked as running {@code cs}'s sidecar (the informer's index). */
  static PodCensus of(
      CacheSync cs, Collection<Pod> podsInNamespace, Collection<Pod> injected, String currentHash) {
    int selected = 0;
    List<String> withoutSidecar = new ArrayList<>();
    for (Pod pod : podsInNamespace) {
      if (pod.getMetadata().getDeletionTimestamp() != null || !selects(cs, pod)) continue;
      selected++;
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      // another CacheSync's sidecar also sends invalidations; an opted-out pod asked for none
      if ((annotations == null || !annotations.containsKey(PodMarks.INJECTED)) && !optedOut(pod)) {
        withoutSidecar.add(pod.getMetadata().getName());
      }
    }
    int running = 0;
    List<Pod> outdated = new ArrayList<>();
    for (Pod pod : injected) {
      if (pod.getMetadata().getDeletionTimestamp() != null) continue;
      running++;
      if (!currentHash.equals(pod.getMetadata().getAnnotations().get(PodMarks.SIDECAR_HASH))) {
        outdated.add(pod);
      }
    }
    withoutSidecar.sort(String::compareTo);
    return new PodCensus(selected, running, List.copyOf(outdated), List.copyOf(withoutSidecar));
  }

  /** The same count with the injected pods picked from {@code podsInNamespace} by their mark. */
  static PodCensus of(CacheSync cs, Collection<Pod> podsInNamespace, String currentHash) {
    String name = cs.getMetadata().getName();
    List<Pod> injected =
        podsInNamespace.stream()
            .filter(p -> p.getMetadata().getAnnotations() != null)
            .filter(p -> name.equals(p.getMetadata().getAnnotations().get(PodMarks.INJECTED)))
            .toList();
    return of(cs, podsInNamespace, injected, currentHash);
  }

  /** A selector the API server would refuse selects nothing (the validator names it). */
  static boolean selects(CacheSync cs, Pod pod) {
    try {
      return SelectorMatch.matches(cs.getSpec().getSelector(), pod.getMetadata().getLabels());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The pods the webhook leaves alone on purpose: opted out, or the operator's own. */
  private static boolean optedOut(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return (labels != null
            && ("false".equals(labels.get(PodMarks.OPT_OUT))
                || PodMarks.OPERATOR_NAME.equals(labels.get(PodMarks.OPERATOR_LABEL))))
        || (annotations != null && "false".equals(annotations.get(PodMarks.OPT_OUT)));
  }
}
