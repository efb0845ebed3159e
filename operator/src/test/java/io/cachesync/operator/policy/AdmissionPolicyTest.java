package io.cachesync.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.operator.model.TlsSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AdmissionPolicyTest {
  static final AdmissionPolicy POLICY = PolicyFixtures.POLICY;

  static List<PolicyViolation> violations(CacheSync cs) {
    return POLICY.violations(cs, SecretLabels.NONE, MissingSecret.ALLOWED);
  }

  static CacheSync withResources(Map<String, String> requests, Map<String, String> limits) {
    CacheSync cs = PolicyFixtures.fine();
    var b = new ResourceRequirementsBuilder();
    requests.forEach((k, v) -> b.addToRequests(k, new Quantity(v)));
    limits.forEach((k, v) -> b.addToLimits(k, new Quantity(v)));
    PolicyFixtures.sidecar(cs).setResources(b.build());
    return cs;
  }

  static CacheSync withSecret(String name) {
    CacheSync cs = PolicyFixtures.fine();
    SecretKeys keys = new SecretKeys();
    keys.setSecretName(name);
    cs.getSpec().getRedis().setCredentials(keys);
    return cs;
  }

  @Test
  @DisplayName("a CacheSync with a selector and nothing else set passes")
  void finePasses() {
    assertThat(violations(PolicyFixtures.fine())).isEmpty();
  }

  @Test
  @DisplayName("selector: {} (or empty matchLabels) is refused: it selects every pod")
  void emptySelector() {
    for (LabelSelector s :
        List.of(
            new LabelSelector(),
            new LabelSelectorBuilder().withMatchLabels(Map.of()).build(),
            new LabelSelectorBuilder().withMatchExpressions(List.of()).build())) {
      CacheSync cs = PolicyFixtures.fine();
      cs.getSpec().setSelector(s);
      assertThat(violations(cs))
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.field()).isEqualTo("spec.selector");
                assertThat(v.allowed()).contains("every pod of the namespace");
              });
    }
  }

  @Test
  @DisplayName("no selector at all selects no pod and is allowed")
  void noSelector() {
    CacheSync cs = PolicyFixtures.fine();
    cs.getSpec().setSelector(null);
    assertThat(violations(cs)).isEmpty();
  }

  @Test
  @DisplayName("requests and limits above policy.maxCpu / policy.maxMemory are refused, named")
  void resourcesBounded() {
    assertThat(violations(withResources(Map.of("cpu", "3"), Map.of("memory", "4Gi"))))
        .extracting(PolicyViolation::message)
        .containsExactlyInAnyOrder(
            "spec.sidecar.resources.requests.cpu: '3' is not allowed: the platform allows 0 to 2"
                + " (chart value policy.maxCpu)",
            "spec.sidecar.resources.limits.memory: '4Gi' is not allowed: the platform allows 0 to"
                + " 2Gi (chart value policy.maxMemory)");
  }

  @Test
  @DisplayName("a request above its limit, another resource, or no quantity is refused")
  void resourceShapes() {
    assertThat(violations(withResources(Map.of("memory", "512Mi"), Map.of("memory", "256Mi"))))
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("spec.sidecar.resources.requests.memory"));
    assertThat(violations(withResources(Map.of("nvidia.com/gpu", "1"), Map.of())))
        .singleElement()
        .satisfies(v -> assertThat(v.allowed()).contains("only cpu and memory"));
    assertThat(violations(withResources(Map.of("cpu", "1e999999999"), Map.of())))
        .singleElement()
        .satisfies(v -> assertThat(v.allowed()).contains("not a quantity"));
  }

  @Test
  @DisplayName("within bounds passes: 500m/256Mi requested, 1/1Gi limit")
  void resourcesWithin() {
    assertThat(
            violations(
                withResources(
                    Map.of("cpu", "500m", "memory", "256Mi"), Map.of("cpu", "1", "memory", "1Gi"))))
        .isEmpty();
  }

  @Test
  @DisplayName("a credentials Secret without the label cachesync.io/credentials=true is refused")
  void unlabelledSecret() {
    SecretLabels secrets =
        (ns, name) ->
            switch (name) {
              case "redis-auth" -> Map.of("cachesync.io/credentials", "true");
              case "db-root" -> Map.of("app", "postgres");
              default -> null;
            };
    assertThat(POLICY.violations(withSecret("redis-auth"), secrets, MissingSecret.REFUSED))
        .isEmpty();
    assertThat(POLICY.violations(withSecret("db-root"), secrets, MissingSecret.ALLOWED))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.redis.credentials.secretName");
              assertThat(v.value()).isEqualTo("db-root");
              assertThat(v.allowed())
                  .contains("kubectl label secret db-root cachesync.io/credentials=true");
            });
    // not there yet at apply time: fine; when a pod is admitted: cannot be checked, refused
    assertThat(POLICY.violations(withSecret("later"), secrets, MissingSecret.ALLOWED)).isEmpty();
    assertThat(POLICY.violations(withSecret("later"), secrets, MissingSecret.REFUSED))
        .singleElement()
        .satisfies(v -> assertThat(v.allowed()).startsWith("the Secret does not exist"));
  }

  @Test
  @DisplayName(
      "the TLS CA and client certificate Secrets need the label too, each named by its field")
  void unlabelledTlsSecrets() {
    CacheSync cs = PolicyFixtures.fine();
    cs.getSpec().getRedis().setUrl("rediss://redis.shop.svc:6379");
    TlsSpec tls = new TlsSpec();
    tls.setCaSecretName("cluster-ca");
    tls.setClientCertSecretName("admin-cert");
    cs.getSpec().getRedis().setTls(tls);
    SecretLabels secrets =
        (ns, name) ->
            name.equals("cluster-ca") ? Map.of("cachesync.io/credentials", "true") : Map.of();
    assertThat(POLICY.violations(cs, secrets, MissingSecret.REFUSED))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.redis.tls.clientCertSecretName");
              assertThat(v.value()).isEqualTo("admin-cert");
            });
  }

  @Test
  @DisplayName("the chart's values arrive as environment variables; unset means the defaults")
  void fromEnv() {
    AdmissionPolicy p =
        AdmissionPolicy.fromEnv(
            Map.of(
                AdmissionPolicy.ALLOWED_IMAGES, "mirror.example/cachesync/sidecar:*, other/x:1",
                AdmissionPolicy.MAX_CPU, "500m",
                AdmissionPolicy.MAX_MEMORY, "512Mi"));
    assertThat(p.images().patterns())
        .containsExactly("mirror.example/cachesync/sidecar:*", "other/x:1");
    assertThat(p.resources().maxCpu()).isEqualTo(new Quantity("500m"));

    AdmissionPolicy defaults =
        AdmissionPolicy.fromEnv(Map.of("CACHESYNC_SIDECAR_IMAGE", "mirror.example/cs/sidecar:2"));
    assertThat(defaults.images().patterns())
        .containsExactly("mirror.example/cs/sidecar:*", "mirror.example/cs/sidecar@sha256:*");
    assertThat(defaults.resources().maxMemory()).isEqualTo(new Quantity("2Gi"));

    assertThatThrownBy(() -> AdmissionPolicy.fromEnv(Map.of(AdmissionPolicy.MAX_CPU, "lots")))
        .hasMessageContaining(AdmissionPolicy.MAX_CPU);
  }
}
