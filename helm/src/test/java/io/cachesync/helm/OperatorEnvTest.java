package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The environment is the operator's whole view of the chart: every name in it must be real. */
class OperatorEnvTest {
  private static final Rendered DEFAULTS = Chart.template(ChartValues.defaults());
  private static final OperatorPod POD = OperatorPod.of(DEFAULTS);

  @Test
  @DisplayName("POD_NAMESPACE and POD_NAME come from the downward API")
  void podIdentity() {
    assertThat(POD.envVar("POD_NAMESPACE").map(EnvVar::getValueFrom))
        .hasValueSatisfying(
            from -> assertThat(from.getFieldRef().getFieldPath()).isEqualTo("metadata.namespace"));
    assertThat(POD.envVar("POD_NAME").map(EnvVar::getValueFrom))
        .hasValueSatisfying(
            from -> assertThat(from.getFieldRef().getFieldPath()).isEqualTo("metadata.name"));
  }

  @Test
  @DisplayName("the probe and webhook ports it is told are the container's named ports")
  void ports() {
    Map<String, Integer> ports =
        POD.container().getPorts().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    ContainerPort::getName, ContainerPort::getContainerPort));

    assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of("probes", 8081, "webhook", 9443));
    assertThat(POD.env("CACHESYNC_PROBE_PORT")).isEqualTo("8081");
    assertThat(POD.env("CACHESYNC_WEBHOOK_PORT")).isEqualTo("9443");
  }

  @Test
  @DisplayName("it is told the names of the webhook Service, configuration and TLS Secret")
  void namesOfWhatItManages() {
    assertThat(DEFAULTS.named(Service.class, POD.env("CACHESYNC_WEBHOOK_SERVICE")))
        .hasValueSatisfying(
            s -> assertThat(s.getSpec().getPorts()).anyMatch(p -> p.getPort() == 443));
    assertThat(POD.env("CACHESYNC_WEBHOOK_CONFIGURATION"))
        .isEqualTo(DEFAULTS.one(MutatingWebhookConfiguration.class).getMetadata().getName());
    assertThat(DEFAULTS.one(Role.class).getRules())
        .filteredOn(rule -> rule.getResources().contains("secrets"))
        .flatMap(rule -> rule.getResourceNames())
        .containsExactly(POD.env("CACHESYNC_WEBHOOK_TLS_SECRET"));
  }

  @Test
  @DisplayName("it learns the failure policy, the default sidecar image and its JVM options")
  void settings() {
    assertThat(POD.env("CACHESYNC_WEBHOOK_FAILURE_POLICY")).isEqualTo("Ignore");
    assertThat(POD.env("CACHESYNC_SIDECAR_IMAGE")).isEqualTo("cachesync/sidecar:0.1.0");
    assertThat(POD.env("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75");
  }

  @Test
  @DisplayName("it learns the sidecar's default JVM options: the operator's built-in ones")
  void sidecarJvmOptions() {
    assertThat(POD.env("CACHESYNC_SIDECAR_JVM_OPTIONS"))
        .isEqualTo(
            "-XX:+UseSerialGC -XX:MaxRAMPercentage=60 -XX:MinHeapFreeRatio=10"
                + " -XX:MaxHeapFreeRatio=30 -Xss256k -XX:ReservedCodeCacheSize=32m"
                + " -XX:TrimNativeHeapInterval=5000"
                + " -XX:+ExitOnOutOfMemoryError -Dio.lettuce.core.jfr=false");
  }

  @Test
  @DisplayName("sidecar.jvmOptions replaces them; empty is passed on as empty, meaning none")
  void sidecarJvmOptionsFromValues() {
    Rendered tuned = Chart.template(Map.of("sidecar.jvmOptions", "-XX:+UseParallelGC -Xss512k"));
    assertThat(OperatorPod.of(tuned).env("CACHESYNC_SIDECAR_JVM_OPTIONS"))
        .isEqualTo("-XX:+UseParallelGC -Xss512k");

    Rendered none = Chart.template(Map.of("sidecar.jvmOptions", ""));
    assertThat(OperatorPod.of(none).env("CACHESYNC_SIDECAR_JVM_OPTIONS"))
        .as("set but empty: the operator injects only a CacheSync's own options")
        .isEmpty();
  }

  @Test
  @DisplayName(
      "without sidecar.jvmOptions (values kept from an older release) the variable is unset: the operator's built-in options apply")
  void sidecarJvmOptionsAbsent() {
    // --set key=null deletes the key, as values kept by --reuse-values from before it existed
    Rendered old = Chart.template(Map.of("sidecar.jvmOptions", "null"));
    assertThat(OperatorPod.of(old).envVar("CACHESYNC_SIDECAR_JVM_OPTIONS")).isEmpty();
    assertThat(OperatorPod.of(old).env("CACHESYNC_SIDECAR_IMAGE")).isNotBlank();
  }

  @Test
  @DisplayName("operator.jvmOptions replaces JAVA_TOOL_OPTIONS")
  void jvmOptionsFromValues() {
    Rendered rendered = Chart.template(Map.of("operator.jvmOptions", "-Xmx300m"));

    assertThat(OperatorPod.of(rendered).env("JAVA_TOOL_OPTIONS")).isEqualTo("-Xmx300m");
  }
}
