package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Release;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClientOnlyInstallTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cachesync.helm.ChartValues#both")
  @DisplayName(
      "a client-only dry-run install succeeds and tells the user how to opt a namespace in")
  void installs(String label, Map<String, Object> values) {
    Release release = Chart.installClientOnly(values);

    assertThat(release.getName()).isEqualTo(Chart.RELEASE);
    assertThat(release.getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(release.getStatus()).isEqualTo("pending-install");
    assertThat(release.getAppVersion()).isEqualTo("0.1.0");
    assertThat(release.getOutput())
        .contains("kubectl label namespace my-app cachesync.io/injection=enabled")
        .contains("kind: CacheSync");
  }
}
