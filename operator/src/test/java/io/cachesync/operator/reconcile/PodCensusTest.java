package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.template.PodMarks;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PodCensusTest {
  static CacheSync catalogue() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis:6379");
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build());
    return cs;
  }

  static Pod pod(String name, Map<String, String> labels, Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  @Test
  @DisplayName(
      "without sidecar: selected, not deleting, no cachesync sidecar, not opted out, not the operator")
  void withoutSidecar() {
    var census =
        PodCensus.of(
            catalogue(),
            List.of(
                pod("b", Map.of("app", "web"), Map.of()),
                pod("a", Map.of("app", "web"), Map.of()),
                pod("mine", Map.of("app", "web"), Map.of(PodMarks.INJECTED, "catalogue")),
                pod("theirs", Map.of("app", "web"), Map.of(PodMarks.INJECTED, "other")),
                pod("out", Map.of("app", "web", PodMarks.OPT_OUT, "false"), Map.of()),
                pod(
                    "operator",
                    Map.of("app", "web", PodMarks.OPERATOR_LABEL, PodMarks.OPERATOR_NAME),
                    Map.of()),
                pod("unselected", Map.of("app", "api"), Map.of())),
            "hash");

    assertThat(census.selected()).isEqualTo(6);
    assertThat(census.withoutSidecar()).containsExactly("a", "b");
  }

  @Test
  @DisplayName("the message names ten pods and counts the rest, and says what to do")
  void message() {
    List<String> pods = IntStream.range(0, 12).mapToObj(i -> "web-" + i).toList();

    assertThat(PodsWithoutSidecar.message(pods))
        .startsWith("12 selected pod(s)")
        .contains("web-9 and 2 more")
        .doesNotContain("web-10")
        .contains("Delete them");
  }

  @Test
  @DisplayName(
      "injected and outdated pods are the index's answer, not a scan: a pod the index did not"
          + " return is not counted, one it did is, selected or not")
  void injectedFromTheIndex() {
    Pod current =
        pod(
            "current",
            Map.of("app", "web"),
            Map.of(PodMarks.INJECTED, "catalogue", PodMarks.SIDECAR_HASH, "hash"));
    Pod old =
        pod(
            "old",
            Map.of("app", "other"),
            Map.of(PodMarks.INJECTED, "catalogue", PodMarks.SIDECAR_HASH, "before"));
    var census = PodCensus.of(catalogue(), List.of(current), List.of(current, old), "hash");

    assertThat(census.selected()).isEqualTo(1);
    assertThat(census.injected()).isEqualTo(2);
    assertThat(census.outdated()).extracting(p -> p.getMetadata().getName()).containsExactly("old");
  }

  @Test
  @DisplayName(
      "the index key is namespace/name of the CacheSync in the injected mark; none without")
  void indexKeys() {
    assertThat(
            PodInformers.injectingKeys(pod("p", Map.of(), Map.of(PodMarks.INJECTED, "catalogue"))))
        .containsExactly("shop/catalogue");
    assertThat(PodInformers.injectingKeys(pod("q", Map.of(), Map.of()))).isEmpty();
    assertThat(PodInformers.injectingKeys(pod("r", Map.of(), null))).isEmpty();
  }
}
