package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What {@code helm template} printed, every document parsed into fabric8's model. */
record Rendered(List<HasMetadata> objects) {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Pattern ONLY_COMMENTS = Pattern.compile("(?s)\\s*(#[^\\n]*\\s*)*");

  /** Kinds fabric8 does not know (ServiceMonitor, Certificate) come back generic. */
  static Rendered parse(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
      if (ONLY_COMMENTS.matcher(document).matches()) {
        continue;
      }
      Object parsed = SERIALIZATION.unmarshal(document);
      if (!(parsed instanceof HasMetadata object)) {
        throw new IllegalStateException("not a Kubernetes object:\n" + document);
      }
      objects.add(object);
    }
    return new Rendered(List.copyOf(objects));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of that type; fails the test when there are none or several. */
  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as("rendered %s objects", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  List<GenericKubernetesResource> generic(String apiVersion, String kind) {
    return all(GenericKubernetesResource.class).stream()
        .filter(o -> apiVersion.equals(o.getApiVersion()) && kind.equals(o.getKind()))
        .toList();
  }

  <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  /** Every pod template of every workload kind, so a new workload cannot dodge the checks. */
  List<PodTemplateSpec> podTemplates() {
    return Stream.of(
            all(Deployment.class).stream().map(d -> d.getSpec().getTemplate()),
            all(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate()),
            all(DaemonSet.class).stream().map(d -> d.getSpec().getTemplate()),
            all(Job.class).stream().map(j -> j.getSpec().getTemplate()))
        .flatMap(s -> s)
        .toList();
  }
}
