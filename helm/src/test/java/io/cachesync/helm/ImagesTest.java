package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImagesTest {
  @Test
  @DisplayName("both images default to the chart's appVersion, with no registry host")
  void defaults() {
    OperatorPod pod = OperatorPod.of(Chart.template(ChartValues.defaults()));

    assertThat(pod.container().getImage()).isEqualTo("cachesync/operator:0.1.0");
    assertThat(pod.container().getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(pod.env("CACHESYNC_SIDECAR_IMAGE")).isEqualTo("cachesync/sidecar:0.1.0");
  }

  @Test
  @DisplayName("global.imageRegistry goes in front of both images, tags override appVersion")
  void registryAndTags() {
    OperatorPod pod =
        OperatorPod.of(
            Chart.template(
                Map.of(
                    "global.imageRegistry", "mirror.example:5000",
                    "operator.image.tag", "0.1.1",
                    "sidecar.image.tag", "0.1.2")));

    assertThat(pod.container().getImage())
        .isEqualTo("mirror.example:5000/cachesync/operator:0.1.1");
    assertThat(pod.env("CACHESYNC_SIDECAR_IMAGE"))
        .isEqualTo("mirror.example:5000/cachesync/sidecar:0.1.2");
  }
}
