package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json turns a wrong value into an error that names it, before anything renders. */
class ValuesSchemaTest {
  @Test
  @DisplayName("webhook.failurePolicy=Sometimes is refused with the values it may take")
  void failurePolicySometimes() {
    assertThatThrownBy(() -> Chart.template(Map.of("webhook.failurePolicy", "Sometimes")))
        .hasMessageContaining("/webhook/failurePolicy")
        .hasMessageContaining("'Ignore', 'Fail'");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "webhook.certificates, vault, /webhook/certificates",
        "operator.replicas, 0, /operator/replicas",
        "operator.image.pullPolicy, Sometimes, /operator/image/pullPolicy",
        "operator.resources.limits.memory, lots, /operator/resources/limits/memory",
        "operator.imag.tag, 1.0, 'imag' not allowed",
        "metrics.serviceMonitor.interval, soon, /metrics/serviceMonitor/interval",
        "networkPolicy.enabled, sometimes, /networkPolicy/enabled",
        "sidecar.jvmOptions, 1, /sidecar/jvmOptions",
        "serviceAccount.create, false, /serviceAccount/name",
      })
  @DisplayName("a bad value is refused with a message naming it")
  void refused(String key, String value, String named) {
    assertThatThrownBy(() -> Chart.template(Map.of(key, value)))
        .hasMessageContaining("schema")
        .hasMessageContaining(named);
  }
}
