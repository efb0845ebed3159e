package io.cachesync.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SidecarYamlTest {
  private static final Path SOCK = Path.of("/tmp/pod-1.sock");

  @Test
  @DisplayName("a signed pod's sync section names the key file; the default pod's names none")
  void keyFileOnlyWhenSigned() {
    String signed =
        SidecarYaml.pod(
            "redis://127.0.0.1:6379", 1, SOCK, "ch", "PubSub", Path.of("/tmp/k/sync.key"), 2, 10);
    String unsigned =
        SidecarYaml.pod("redis://127.0.0.1:6379", 1, SOCK, "ch", "PubSub", null, 2, 10);

    assertThat(signed)
        .contains("sync: {channel: \"ch\", delivery: PubSub, keyFile: \"/tmp/k/sync.key\"}");
    assertThat(unsigned).contains("sync: {channel: \"ch\", delivery: PubSub}");
    assertThat(unsigned).doesNotContain("keyFile");
  }
}
