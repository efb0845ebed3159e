package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KubeVersionTest {
  @Test
  @DisplayName("Kubernetes older than 1.25 is refused by name")
  void tooOld() {
    assertThatThrownBy(() -> Chart.templateCommand("1.24.9", ChartValues.defaults()).call())
        .hasMessageContaining("kubeVersion")
        .hasMessageContaining(">=1.25.0-0");
  }
}
