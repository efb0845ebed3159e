package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerHardeningTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cachesync.helm.ChartValues#both")
  @DisplayName("every container has liveness and readiness probes on a port it declares")
  void probes(String label, Map<String, Object> values) {
    assertThat(containers(values))
        .isNotEmpty()
        .allSatisfy(
            container -> {
              List<String> ports =
                  container.getPorts().stream().map(ContainerPort::getName).toList();
              Probe liveness = container.getLivenessProbe();
              Probe readiness = container.getReadinessProbe();
              assertThat(liveness).as("%s liveness probe", container.getName()).isNotNull();
              assertThat(readiness).as("%s readiness probe", container.getName()).isNotNull();
              assertThat(liveness.getHttpGet().getPath()).isEqualTo("/healthz");
              assertThat(readiness.getHttpGet().getPath()).isEqualTo("/readyz");
              assertThat(ports)
                  .contains(
                      liveness.getHttpGet().getPort().getStrVal(),
                      readiness.getHttpGet().getPort().getStrVal());
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cachesync.helm.ChartValues#both")
  @DisplayName("every container requests and limits CPU and memory")
  void resources(String label, Map<String, Object> values) {
    assertThat(containers(values))
        .allSatisfy(
            container -> {
              assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
              assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cachesync.helm.ChartValues#both")
  @DisplayName("every container runs as non-root on a read-only root with no privilege to gain")
  void securityContext(String label, Map<String, Object> values) {
    assertThat(containers(values))
        .allSatisfy(
            container -> {
              SecurityContext context = container.getSecurityContext();
              assertThat(context).as("%s securityContext", container.getName()).isNotNull();
              assertThat(context.getRunAsNonRoot()).isTrue();
              assertThat(context.getRunAsUser()).isEqualTo(65532L);
              assertThat(context.getReadOnlyRootFilesystem()).isTrue();
              assertThat(context.getAllowPrivilegeEscalation()).isFalse();
              assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
              assertThat(context.getCapabilities().getAdd()).isEmpty();
              assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cachesync.helm.ChartValues#both")
  @DisplayName("a read-only root still leaves the JVM a writable /tmp")
  void writableTmp(String label, Map<String, Object> values) {
    for (PodTemplateSpec template : Chart.template(values).podTemplates()) {
      String volume =
          template.getSpec().getContainers().get(0).getVolumeMounts().stream()
              .filter(m -> m.getMountPath().equals("/tmp"))
              .findFirst()
              .orElseThrow()
              .getName();
      assertThat(template.getSpec().getVolumes())
          .filteredOn(v -> v.getName().equals(volume))
          .singleElement()
          .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }
  }

  private static List<Container> containers(Map<String, Object> values) {
    return Chart.template(values).podTemplates().stream()
        .flatMap(
            t ->
                Stream.concat(
                    t.getSpec().getInitContainers().stream(), t.getSpec().getContainers().stream()))
        .toList();
  }
}
