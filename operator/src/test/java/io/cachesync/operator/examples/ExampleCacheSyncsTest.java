package io.cachesync.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.config.SpecValidator;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncSpec;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.MissingSecret;
import io.cachesync.operator.policy.SecretLabels;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.SidecarConfig;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest in {@code examples/kubernetes/cachesyncs/} is one the API server would accept and
 * the operator would turn into a config the sidecar starts with; a new file there is checked
 * without touching this class. The broken CacheSyncs in {@code invalid-cachesyncs/} prove each
 * check can fail, and that its message names the field.
 *
 * <p>Three layers stand in for the API server. The CRD's schema is checked by {@link CrdSchema},
 * its CEL rules are evaluated by {@link CrdCelRules} (cel-java), and {@link SpecValidator}, the
 * operator's own code, checks the same cross-field rules again; {@link #everyCelRuleIsMirrored}
 * fails when the CRD gains a rule this class does not know is mirrored.
 */
class ExampleCacheSyncsTest {
  static final Path EXAMPLES = Path.of("../examples/kubernetes/cachesyncs");
  static final Path INVALID = Path.of("src/test/resources/invalid-cachesyncs");

  private static final CrdSchema CRD = CrdSchema.cacheSync();
  private static final CrdCelRules CEL = new CrdCelRules(CRD.celRules());
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  /** Which layer must reject a broken CacheSync. */
  enum Check {
    SCHEMA,
    /** The CRD's CEL rules, as SpecValidator checks them. */
    RULES,
    /** The CRD's CEL rules, as the operator's AdmissionPolicy checks them (and more). */
    POLICY
  }

  private static final AdmissionPolicy DEFAULT_POLICY = AdmissionPolicy.defaultsFor(null);

  /** What rejects a broken file, at which field, and the CEL rule (by its path) behind RULES. */
  record Rejection(Check by, String field, String celRuleAt) {}

  static final Map<String, Rejection> BROKEN =
      Map.of(
          "empty-selector.yaml", new Rejection(Check.POLICY, "spec.selector", "spec.selector"),
          "java-agent.yaml",
              new Rejection(Check.POLICY, "spec.sidecar.jvmOptions", "spec.sidecar.jvmOptions"),
          "bad-duration.yaml", new Rejection(Check.SCHEMA, "spec.caches[0].ttl", null),
          "unknown-strategy.yaml", new Rejection(Check.SCHEMA, "spec.caches[0].strategy", null),
          "missing-cache-name.yaml", new Rejection(Check.SCHEMA, "spec.caches[1].name", null),
          "unknown-field.yaml", new Rejection(Check.SCHEMA, "spec.caches[0].evictionPolicy", null),
          "write-behind-without-loader.yaml",
              new Rejection(Check.RULES, "spec.loader.target", "spec"),
          "duplicate-cache-names.yaml",
              new Rejection(Check.RULES, "spec.caches[2].name", "spec.caches"),
          "tls-secret-without-tls.yaml",
              new Rejection(Check.RULES, "spec.redis.tls.caSecretName", "spec.redis"));

  static Stream<String> examples() {
    return yamlFiles(EXAMPLES).stream();
  }

  static Stream<Arguments> broken() {
    return BROKEN.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> Arguments.of(e.getKey(), e.getValue().by(), e.getValue().field()));
  }

  @Test
  @DisplayName("the examples folder holds CacheSyncs (an empty folder would pass every check)")
  void examplesExist() {
    assertThat(yamlFiles(EXAMPLES)).as("YAML files in %s", EXAMPLES.toAbsolutePath()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  @DisplayName("an example is one CacheSync, introduced by a comment that says what it shows")
  void oneCacheSyncWithComment(String file) {
    List<JsonNode> docs = Manifests.read(EXAMPLES.resolve(file));
    assertThat(docs).as("documents in %s", file).hasSize(1);
    assertThat(docs.get(0).path("kind").asText()).isEqualTo("CacheSync");
    assertThat(Manifests.text(EXAMPLES.resolve(file)))
        .as("%s starts with a comment", file)
        .matches("(?s)#\\s*\\S.*");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  @DisplayName("an example passes the CRD's schema, with no field the API server would drop")
  void passesSchema(String file) {
    assertThat(CRD.problems(read(EXAMPLES, file))).as("schema problems of %s", file).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  @DisplayName("an example passes the CRD's cross-field rules, as SpecValidator checks them")
  void passesRules(String file) {
    assertThat(SpecValidator.problems(cacheSync(EXAMPLES, file).getSpec()))
        .as("SpecValidator problems of %s", file)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  @DisplayName("an example passes the default admission policy (its Secrets labelled)")
  void passesPolicy(String file) {
    assertThat(
            DEFAULT_POLICY.violations(
                cacheSync(EXAMPLES, file),
                (ns, name) -> Map.of("cachesync.io/credentials", "true"),
                MissingSecret.REFUSED))
        .as("policy violations of %s", file)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  @DisplayName("an example passes the CRD's CEL rules, evaluated with a CEL library")
  void passesCel(String file) {
    assertThat(CEL.problems(CRD.admitted(read(EXAMPLES, file))))
        .as("CEL problems of %s", file)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  @DisplayName("an example renders into a config the sidecar's own loader reads, with its caches")
  void rendersForTheSidecar(String file) {
    CacheSync cs = cacheSync(EXAMPLES, file);
    CacheSyncSpec spec = cs.getSpec();

    SidecarConfig config = ConfigLoader.parse(SidecarConfigRenderer.render(cs));

    assertThat(config.caches())
        .extracting(CacheConfig::name, c -> c.strategy().name())
        .containsExactlyElementsOf(
            spec.getCaches().stream()
                .map(c -> tuple(c.getName(), c.getStrategy().name()))
                .toList());
    if (spec.getLoader() != null) {
      assertThat(config.loader().target()).isEqualTo(spec.getLoader().getTarget());
    }
    if (spec.getKeyspaceNotifications() != null) {
      assertThat(config.keyspaceNotifications().events())
          .containsExactlyElementsOf(
              spec.getKeyspaceNotifications().getEvents().stream()
                  .map(KeyspaceEvent::name)
                  .toList());
    }
  }

  @ParameterizedTest(name = "{0}: rejected by {1} at {2}")
  @MethodSource("broken")
  @DisplayName("a broken CacheSync is rejected by the check meant for it, naming the field")
  void brokenIsRejected(String file, Check by, String field) {
    List<String> schemaProblems = CRD.problems(read(INVALID, file));
    if (by == Check.SCHEMA) {
      assertThat(schemaProblems)
          .as("schema problems")
          .singleElement()
          .asString()
          .startsWith(field + ": ");
    } else if (by == Check.POLICY) {
      assertThat(schemaProblems).as("schema problems (the schema alone cannot see it)").isEmpty();
      assertThat(
              DEFAULT_POLICY.violations(
                  cacheSync(INVALID, file), SecretLabels.NONE, MissingSecret.ALLOWED))
          .as("AdmissionPolicy violations")
          .singleElement()
          .asString()
          .startsWith(field + ": ");
      assertThat(CEL.problems(CRD.admitted(read(INVALID, file))))
          .as("the CRD's CEL rules")
          .singleElement()
          .asString()
          .startsWith(BROKEN.get(file).celRuleAt())
          .contains(": Invalid value: ");
    } else {
      assertThat(schemaProblems).as("schema problems (the schema alone cannot see it)").isEmpty();
      assertThat(SpecValidator.problems(cacheSync(INVALID, file).getSpec()))
          .as("SpecValidator problems")
          .singleElement()
          .asString()
          .startsWith(field + ": ");
      assertThat(CEL.problems(CRD.admitted(read(INVALID, file))))
          .as("the CRD's CEL rules")
          .singleElement()
          .asString()
          .startsWith(BROKEN.get(file).celRuleAt())
          .contains(": Invalid value: ");
    }
  }

  @Test
  @DisplayName("every broken CacheSync in the test resources has an expected rejection, and back")
  void everyBrokenFileIsExpected() {
    assertThat(yamlFiles(INVALID)).containsExactlyInAnyOrderElementsOf(BROKEN.keySet());
  }

  @Test
  @DisplayName(
      "every CEL rule of the CRD is mirrored by SpecValidator and broken by a file (else add both)")
  void everyCelRuleIsMirrored() {
    List<String> exercised =
        BROKEN.values().stream()
            .filter(r -> r.by() != Check.SCHEMA)
            .map(Rejection::celRuleAt)
            .toList();
    assertThat(CRD.celRules())
        .extracting(CrdSchema.CelRule::path)
        .containsExactlyInAnyOrderElementsOf(exercised);
  }

  private static JsonNode read(Path dir, String file) {
    return Manifests.read(dir.resolve(file)).get(0);
  }

  /** The CacheSync as the operator would get it from the API server: defaults applied. */
  private static CacheSync cacheSync(Path dir, String file) {
    return KUBERNETES.convertValue(CRD.admitted(read(dir, file)), CacheSync.class);
  }

  private static List<String> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(dir.toAbsolutePath() + " cannot be listed", e);
    }
  }
}
