package io.cachesync.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cachesync.operator.template.SidecarDefaults;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRD's static policy rules, evaluated as the API server would: they stop the plain forms at
 * apply time even with the operator's webhook down (quoted forms are the webhook's job).
 */
class PolicyCelRulesTest {
  private static final CrdSchema CRD = CrdSchema.cacheSync();
  private static final CrdCelRules CEL = new CrdCelRules(CRD.celRules());
  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode cacheSync() {
    ObjectNode cs = JSON.createObjectNode();
    cs.put("apiVersion", "cachesync.io/v1alpha1").put("kind", "CacheSync");
    cs.putObject("metadata").put("name", "catalogue").put("namespace", "shop");
    ObjectNode spec = cs.putObject("spec");
    spec.putObject("redis").put("url", "redis://redis.shop.svc:6379");
    spec.putArray("caches").addObject().put("name", "products");
    spec.putObject("selector").putObject("matchLabels").put("app", "catalogue");
    return cs;
  }

  static java.util.List<String> problemsWithJvmOptions(String options) {
    ObjectNode cs = cacheSync();
    ((ObjectNode) cs.path("spec")).putObject("sidecar").put("jvmOptions", options);
    return CEL.problems(CRD.admitted(cs));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "-javaagent:/tmp/a.jar",
        "-Xmx64m -agentlib:jdwp=transport=dt_socket",
        "-agentpath:/tmp/x.so",
        "-Xbootclasspath/a:/tmp/x.jar",
        "-Xrunjdwp:server=y",
        "-XX:OnOutOfMemoryError=sh",
        "-XX:OnError=sh",
        "-XX:Flags=/tmp/f",
        "-XX:VMOptionsFile=/tmp/o",
        "-XX:CompileCommandFile=/tmp/c",
        "@/tmp/args",
        "-Xmx64m @/tmp/args"
      })
  @DisplayName("the CEL rule refuses each listed token at spec.sidecar.jvmOptions")
  void celRefuses(String options) {
    assertThat(problemsWithJvmOptions(options))
        .singleElement()
        .asString()
        .startsWith("spec.sidecar.jvmOptions: Invalid value: jvmOptions must not load agents");
  }

  @Test
  @DisplayName("tuning options pass the CEL rule, the operator's defaults included")
  void celAllowsTuning() {
    assertThat(problemsWithJvmOptions(SidecarDefaults.DEFAULT_JVM_OPTIONS)).isEmpty();
    assertThat(problemsWithJvmOptions("-Xmx96m -XX:+CrashOnOutOfMemoryError -Xlog:gc")).isEmpty();
  }

  @Test
  @DisplayName("a selector with matchExpressions only passes; matchLabels: {} does not")
  void selectorRule() {
    ObjectNode cs = cacheSync();
    ObjectNode selector = ((ObjectNode) cs.path("spec")).putObject("selector");
    selector.putArray("matchExpressions").addObject().put("key", "app").put("operator", "Exists");
    assertThat(CEL.problems(CRD.admitted(cs))).isEmpty();

    ObjectNode empty = cacheSync();
    ((ObjectNode) empty.path("spec")).putObject("selector").putObject("matchLabels");
    JsonNode admitted = CRD.admitted(empty);
    assertThat(CEL.problems(admitted))
        .singleElement()
        .asString()
        .startsWith("spec.selector: Invalid value: an empty selector");
  }
}
