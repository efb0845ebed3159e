package io.cachesync.operator.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SidecarDefaultsTest {
  @Test
  @DisplayName("the chart's default sidecar.jvmOptions are the built-in ones")
  void chartAgrees() throws Exception {
    String chart =
        new YAMLMapper()
            .readTree(new File("../helm/cachesync/values.yaml"))
            .path("sidecar")
            .path("jvmOptions")
            .asText();

    assertThat(chart).isEqualTo(SidecarDefaults.DEFAULT_JVM_OPTIONS);
  }

  @Test
  @DisplayName("a CacheSync's options follow the defaults; with no defaults they stand alone")
  void jvmOptionsWith() {
    SidecarDefaults tuned = new SidecarDefaults(null, "-Xss512k");
    assertThat(tuned.jvmOptionsWith(null)).isEqualTo("-Xss512k");
    assertThat(tuned.jvmOptionsWith(" -Xss1m ")).isEqualTo("-Xss512k -Xss1m");
    SidecarDefaults none = new SidecarDefaults(null, " ");
    assertThat(none.jvmOptionsWith(" ")).isEmpty();
    assertThat(none.jvmOptionsWith("-Xss1m")).isEqualTo("-Xss1m");
  }
}
