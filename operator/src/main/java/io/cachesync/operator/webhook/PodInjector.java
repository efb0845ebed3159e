package io.cachesync.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachesync.operator.config.SpecValidator;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.MissingSecret;
import io.cachesync.operator.policy.PolicyViolation;
import io.cachesync.operator.policy.SecretLabels;
import io.cachesync.operator.template.PodMarks;
import io.cachesync.operator.template.Sidecar;
import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.template.SidecarTemplate;
import io.cachesync.operator.template.SidecarVolumes;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decides whether a new pod gets a sidecar, and which: never twice, never into the operator's own
 * pods or pods that opt out, only from a CacheSync whose selector matches and whose spec is valid.
 */
public final class PodInjector {
  private final CacheSyncLookup cacheSyncs;
  private final KubernetesVersion version;
  private final SidecarDefaults defaults;
  private final AdmissionPolicy policy;
  private final SecretLabels secrets;

  /**
   * With the default policy for the default image, and no Secret known: a CacheSync naming one
   * injects nothing.
   */
  public PodInjector(
      CacheSyncLookup cacheSyncs, KubernetesVersion version, SidecarDefaults defaults) {
    this(
        cacheSyncs,
        version,
        defaults,
        AdmissionPolicy.defaultsFor(defaults.image()),
        SecretLabels.NONE);
  }

  /**
   * @param policy what a CacheSync may inject; one that violates it injects nothing
   * @param secrets the labels of the Secrets the CacheSyncs name
   */
  public PodInjector(
      CacheSyncLookup cacheSyncs,
      KubernetesVersion version,
      SidecarDefaults defaults,
      AdmissionPolicy policy,
      SecretLabels secrets) {
    this.cacheSyncs = cacheSyncs;
    this.version = version;
    this.defaults = defaults;
    this.policy = policy;
    this.secrets = secrets;
  }

  public InjectionOutcome decide(String namespace, JsonNode pod) {
    if (!pod.path("spec").path("containers").isArray()) {
      return InjectionOutcome.unchanged("not-a-pod");
    }
    Map<String, String> labels = strings(pod.path("metadata").path("labels"));
    Map<String, String> annotations = strings(pod.path("metadata").path("annotations"));
    if (PodMarks.OPERATOR_NAME.equals(labels.get(PodMarks.OPERATOR_LABEL))) {
      return InjectionOutcome.unchanged("operator-pod");
    }
    if ("false".equals(annotations.get(PodMarks.OPT_OUT))
        || "false".equals(labels.get(PodMarks.OPT_OUT))) {
      return InjectionOutcome.unchanged("opted-out");
    }
    if (annotations.containsKey(PodMarks.INJECTED) || hasSidecar(pod.path("spec"))) {
      return InjectionOutcome.unchanged("already-injected");
    }
    String ns = namespace != null ? namespace : pod.path("metadata").path("namespace").asText(null);
    CacheSyncChoice choice =
        CacheSyncChoice.of(ns == null ? List.of() : cacheSyncs.inNamespace(ns), labels);
    if (choice.chosen() == null) return InjectionOutcome.unchanged("not-selected");

    CacheSync cs = choice.chosen();
    String name = cs.getMetadata().getName();
    List<String> warnings = new ArrayList<>();
    if (!choice.others().isEmpty()) {
      warnings.add(
          "cachesync: CacheSyncs "
              + String.join(", ", choice.others())
              + " also select this pod; it gets the sidecar of "
              + name
              + ", the oldest");
    }
    if (invalid(cs)) {
      warnings.add(
          "cachesync: CacheSync "
              + name
              + " selects this pod but its spec is invalid"
              + " (see its Ready condition); no sidecar injected");
      return new InjectionOutcome("invalid-cachesync", null, warnings);
    }
    // the Secrets are looked up now: the kubelet reads them when the pod starts
    List<PolicyViolation> violations = policy.violations(cs, secrets, MissingSecret.REFUSED);
    if (!violations.isEmpty()) {
      warnings.add(
          "cachesync: CacheSync "
              + name
              + " selects this pod but violates the cachesync.io policy; no sidecar injected: "
              + violations.stream()
                  .map(PolicyViolation::message)
                  .collect(Collectors.joining("; ")));
      return new InjectionOutcome("policy-violation", null, warnings);
    }
    if (pod.path("spec").path("hostNetwork").asBoolean(false)) {
      warnings.add("cachesync: no sidecar in a hostNetwork pod: its loopback ports are the node's");
      return new InjectionOutcome("host-network", null, warnings);
    }
    String clash = volumeClash(pod.path("spec"));
    if (clash != null) {
      warnings.add(
          "cachesync: the pod already has a volume named " + clash + "; no sidecar injected");
      return new InjectionOutcome("volume-clash", null, warnings);
    }
    Sidecar sidecar = SidecarTemplate.render(cs, defaults);
    return new InjectionOutcome(
        "injected", PodMutation.patch(pod, sidecar, version.nativeSidecars()), warnings);
  }

  /** The reconciler's verdict: a spec it cannot use is not injected. */
  /**
   * The operator's own checks, not only its last verdict: a CacheSync created or edited a moment
   * ago has no status yet, and its ConfigMap is never rendered, so its pods would wait forever.
   */
  private static boolean invalid(CacheSync cs) {
    if (!SpecValidator.problems(cs.getSpec()).isEmpty()) return true;
    if (cs.getStatus() == null || cs.getStatus().getConditions() == null) return false;
    for (Condition c : cs.getStatus().getConditions()) {
      if ("Ready".equals(c.getType()) && "InvalidSpec".equals(c.getReason())) return true;
    }
    return false;
  }

  private static boolean hasSidecar(JsonNode spec) {
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : spec.path(list)) {
        if (SidecarTemplate.CONTAINER_NAME.equals(c.path("name").asText())) return true;
      }
    }
    return false;
  }

  private static String volumeClash(JsonNode spec) {
    for (JsonNode v : spec.path("volumes")) {
      String name = v.path("name").asText();
      if (SidecarVolumes.NAMES.contains(name)) return name;
    }
    return null;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> m = new HashMap<>();
    object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }
}
