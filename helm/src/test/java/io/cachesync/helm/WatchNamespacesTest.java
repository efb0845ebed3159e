package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** watchNamespaces turns the operator's cluster-wide Secret access into Roles where it works. */
class WatchNamespacesTest {
  static final Rendered ALL = Chart.template(ChartValues.defaults());
  static final Rendered SCOPED =
      Chart.template(Map.of("watchNamespaces[0]", "shop", "watchNamespaces[1]", "books"));

  static List<PolicyRule> secretRules(List<PolicyRule> rules) {
    return rules.stream()
        .filter(r -> r.getApiGroups().contains("") && r.getResources().contains("secrets"))
        .toList();
  }

  static Stream<PolicyRule> everyRule(Rendered rendered) {
    return Stream.concat(
        rendered.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
        rendered.all(Role.class).stream().flatMap(r -> r.getRules().stream()));
  }

  @Test
  @DisplayName("by default Secrets are read (informer: list, watch; get) and created cluster-wide")
  void clusterWideByDefault() {
    assertThat(secretRules(ALL.one(ClusterRole.class).getRules()))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getVerbs())
                    .containsExactlyInAnyOrder("get", "list", "watch", "create"));
    assertThat(ALL.all(Role.class)).hasSize(1);
    assertThat(OperatorPod.of(ALL).envVar("CACHESYNC_WATCH_NAMESPACES")).isEmpty();
  }

  @Test
  @DisplayName(
      "with watchNamespaces: no cluster-wide Secret rule, read and create in a Role per namespace")
  void rolesPerNamespace() {
    assertThat(secretRules(SCOPED.one(ClusterRole.class).getRules())).isEmpty();
    List<Role> secretRoles =
        SCOPED.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-secrets"))
            .toList();
    assertThat(secretRoles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("shop", "books");
    assertThat(secretRoles)
        .allSatisfy(
            r ->
                assertThat(secretRules(r.getRules()))
                    .singleElement()
                    .satisfies(
                        rule ->
                            assertThat(rule.getVerbs())
                                .containsExactlyInAnyOrder("get", "list", "watch", "create")));
    assertThat(SCOPED.all(RoleBinding.class))
        .filteredOn(b -> b.getMetadata().getName().endsWith("-secrets"))
        .hasSize(2)
        .allSatisfy(
            b -> {
              assertThat(b.getRoleRef().getName()).endsWith("-secrets");
              assertThat(b.getSubjects())
                  .singleElement()
                  .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE));
            });
  }

  @Test
  @DisplayName("with watchNamespaces the webhook's TLS Secret is still read, by name only")
  void webhookSecretByName() {
    Role own =
        SCOPED.all(Role.class).stream()
            .filter(r -> r.getMetadata().getNamespace().equals(Chart.NAMESPACE))
            .findFirst()
            .orElseThrow();

    assertThat(secretRules(own.getRules()))
        .filteredOn(r -> r.getVerbs().contains("get"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.getResourceNames()).containsExactly(Chart.RELEASE + "-webhook-tls"));
  }

  @Test
  @DisplayName(
      "Secrets are listed and watched only where CacheSyncs name them, never in the operator's"
          + " own namespace Role (its webhook TLS Secret is read by name)")
  void listAndWatchOnlyWhereCacheSyncsAre() {
    for (Rendered rendered : List.of(ALL, SCOPED)) {
      assertThat(
              rendered.all(Role.class).stream()
                  .filter(r -> !r.getMetadata().getName().endsWith("-secrets"))
                  .flatMap(r -> secretRules(r.getRules()).stream()))
          .allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("list", "watch"));
    }
  }

  @Test
  @DisplayName("with watchNamespaces the operator is told them, and the webhook injects only there")
  void operatorAndWebhookFollow() {
    assertThat(OperatorPod.of(SCOPED).env("CACHESYNC_WATCH_NAMESPACES")).isEqualTo("shop,books");
    var selector =
        SCOPED.one(MutatingWebhookConfiguration.class).getWebhooks().get(0).getNamespaceSelector();

    assertThat(selector.getMatchLabels()).containsEntry("cachesync.io/injection", "enabled");
    assertThat(selector.getMatchExpressions())
        .singleElement()
        .extracting(LabelSelectorRequirement::getKey, LabelSelectorRequirement::getOperator)
        .containsExactly("kubernetes.io/metadata.name", "In");
    assertThat(selector.getMatchExpressions().get(0).getValues()).containsExactly("shop", "books");
    assertThat(
            ALL.one(MutatingWebhookConfiguration.class)
                .getWebhooks()
                .get(0)
                .getNamespaceSelector()
                .getMatchExpressions())
        .isEmpty();
  }
}
