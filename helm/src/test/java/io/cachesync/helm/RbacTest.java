package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RbacTest {
  private static final Rendered DEFAULTS = Chart.template(ChartValues.defaults());

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cachesync.helm.ChartValues#both")
  @DisplayName("no rule of any Role or ClusterRole uses a wildcard")
  void noWildcards(String label, Map<String, Object> values) {
    List<PolicyRule> rules = rules(Chart.template(values));

    assertThat(rules).isNotEmpty();
    assertThat(rules)
        .allSatisfy(
            rule ->
                assertThat(
                        Stream.of(
                                rule.getApiGroups(),
                                rule.getResources(),
                                rule.getVerbs(),
                                rule.getResourceNames(),
                                rule.getNonResourceURLs())
                            .flatMap(List::stream))
                    .as("rule %s", rule)
                    .noneMatch(s -> s.contains("*")));
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource({
    "cachesync.io, cachesyncs, get list watch patch update",
    "cachesync.io, cachesyncs/status, get patch update",
    "cachesync.io, cachesyncs/finalizers, update",
    "'', configmaps, get list watch create update patch delete",
    "'', secrets, get list watch create",
    "'', events, create patch",
    "events.k8s.io, events, create patch",
    "'', pods, get list watch",
    "admissionregistration.k8s.io, validatingwebhookconfigurations, get list watch patch update",
    "apps, deployments, get list watch patch",
    "apps, statefulsets, get list watch patch",
    "apps, daemonsets, get list watch patch",
    "apps, replicasets, get list watch patch",
    "authorization.k8s.io, selfsubjectrulesreviews, create",
    "apiextensions.k8s.io, customresourcedefinitions, ''",
  })
  @DisplayName("the ClusterRole grants exactly what the operator does across the cluster")
  void clusterRoleVerbs(String apiGroup, String resource, String expectedVerbs) {
    List<String> expected =
        expectedVerbs.isBlank() ? List.of() : List.of(expectedVerbs.trim().split("\\s+"));

    assertThat(verbs(DEFAULTS.one(ClusterRole.class).getRules(), apiGroup, resource))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  @DisplayName("the only webhook configuration the operator may touch is the chart's own")
  void webhookConfigurationByName() {
    String name = DEFAULTS.one(MutatingWebhookConfiguration.class).getMetadata().getName();

    assertThat(matching(DEFAULTS.one(ClusterRole.class).getRules(), "admissionregistration.k8s.io"))
        .singleElement()
        .satisfies(rule -> assertThat(rule.getResourceNames()).containsExactly(name))
        .satisfies(
            rule ->
                assertThat(rule.getVerbs())
                    .containsExactlyInAnyOrder("get", "list", "watch", "patch", "update"));
  }

  @Test
  @DisplayName("in its own namespace the operator updates one Lease and one Secret, by name")
  void namespacedWritesByName() {
    Role role = DEFAULTS.one(Role.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(role.getRules())
        .filteredOn(rule -> rule.getResourceNames().isEmpty())
        .as("create cannot be restricted by name; nothing else goes unnamed")
        .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactly("create"));
    assertThat(role.getRules())
        .filteredOn(rule -> rule.getResources().contains("leases"))
        .flatMap(PolicyRule::getResourceNames)
        .containsExactly("cachesync-operator");
    assertThat(verbs(role.getRules(), "coordination.k8s.io", "leases"))
        .as("JOSDK checks for create, update and get before it runs for leader")
        .containsExactlyInAnyOrder("create", "get", "update", "patch");
    assertThat(role.getRules())
        .filteredOn(rule -> rule.getResources().contains("secrets"))
        .flatMap(PolicyRule::getResourceNames)
        .containsExactly(Chart.RELEASE + "-webhook-tls");
  }

  @Test
  @DisplayName("with cert-manager the operator may neither write Secrets nor patch the webhook")
  void certManagerNeedsLess() {
    Rendered rendered = Chart.template(Map.of("webhook.certificates", "cert-manager"));

    assertThat(verbs(rendered.one(Role.class).getRules(), "", "secrets")).isEmpty();
    assertThat(
            verbs(
                rendered.one(ClusterRole.class).getRules(),
                "admissionregistration.k8s.io",
                "mutatingwebhookconfigurations"))
        .containsExactlyInAnyOrder("get", "list", "watch");
  }

  @Test
  @DisplayName("both roles are bound to the ServiceAccount the operator runs as")
  void boundToTheOperator() {
    String account =
        DEFAULTS.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName();
    Subject expected = new Subject(null, "ServiceAccount", account, Chart.NAMESPACE);

    ClusterRoleBinding clusterBinding = DEFAULTS.one(ClusterRoleBinding.class);
    RoleBinding binding = DEFAULTS.one(RoleBinding.class);
    assertThat(clusterBinding.getSubjects()).containsExactly(expected);
    assertThat(binding.getSubjects()).containsExactly(expected);
    assertThat(clusterBinding.getRoleRef().getName())
        .isEqualTo(name(DEFAULTS.one(ClusterRole.class)));
    assertThat(binding.getRoleRef().getName()).isEqualTo(name(DEFAULTS.one(Role.class)));
  }

  @Test
  @DisplayName("with serviceAccount.create=false the roles are bound to the named account")
  void existingServiceAccount() {
    Rendered rendered =
        Chart.template(
            Map.of("serviceAccount.create", false, "serviceAccount.name", "platform-ops"));

    assertThat(rendered.all(ServiceAccount.class)).isEmpty();
    assertThat(OperatorPod.of(rendered).template().getSpec().getServiceAccountName())
        .isEqualTo("platform-ops");
    assertThat(rendered.one(ClusterRoleBinding.class).getSubjects())
        .extracting(Subject::getName)
        .containsExactly("platform-ops");
  }

  private static List<PolicyRule> rules(Rendered rendered) {
    return Stream.concat(
            rendered.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
            rendered.all(Role.class).stream().flatMap(r -> r.getRules().stream()))
        .toList();
  }

  private static List<PolicyRule> matching(List<PolicyRule> rules, String apiGroup) {
    return rules.stream().filter(rule -> rule.getApiGroups().contains(apiGroup)).toList();
  }

  private static List<String> verbs(List<PolicyRule> rules, String apiGroup, String resource) {
    return matching(rules, apiGroup).stream()
        .filter(rule -> rule.getResources().contains(resource))
        .flatMap(rule -> rule.getVerbs().stream())
        .toList();
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }
}
