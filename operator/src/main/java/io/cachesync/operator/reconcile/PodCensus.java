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
 * A CacheSync's pods, counted from the pod informer's cache: those its selector matches, those
 * running its sidecar (the webhook marks them), those whose sidecar differs from what the current
 * spec would inject (the webhook stamps a hash of the sidecar it added), and the selected ones that
 * run no sidecar at all (sorted names): the webhook fails open, so a pod created while it was
 * unreachable starts bare and sends no invalidations.
 */
record PodCensus(int selected, int injected, List<Pod> outdated, List<String> withoutSidecar) {

  static PodCensus of(CacheSync cs, Collection<Pod> podsInNamespace, String currentHash) {
    String name = cs.getMetadata().getName();
    int selected = 0;
    int injected = 0;
    List<Pod> outdated = new ArrayList<>();
    List<String> withoutSidecar = new ArrayList<>();
    for (Pod pod : podsInNamespace) {
      if (pod.getMetadata().getDeletionTimestamp() != null) continue;
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      if (selects(cs, pod)) {
        selected++;
        // another CacheSync's sidecar also sends invalidations; an opted-out pod asked for none
        if ((annotations == null || !annotations.containsKey(PodMarks.INJECTED))
            && !optedOut(pod)) {
          withoutSidecar.add(pod.getMetadata().getName());
        }
      }
      if (annotations == null || !name.equals(annotations.get(PodMarks.INJECTED))) continue;
      injected++;
      if (!currentHash.equals(annotations.get(PodMarks.SIDECAR_HASH))) outdated.add(pod);
    }
    withoutSidecar.sort(String::compareTo);
    return new PodCensus(selected, injected, List.copyOf(outdated), List.copyOf(withoutSidecar));
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
