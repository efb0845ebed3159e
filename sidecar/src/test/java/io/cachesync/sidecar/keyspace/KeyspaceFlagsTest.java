package io.cachesync.sidecar.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyspaceFlagsTest {

  @Test
  @DisplayName("each event needs its class flag, and E for the keyevent channels")
  void required() {
    assertThat(KeyspaceFlags.required(List.of("expired"))).isEqualTo("Ex");
    assertThat(KeyspaceFlags.required(List.of("evicted"))).isEqualTo("Ee");
    assertThat(KeyspaceFlags.required(List.of("set"))).isEqualTo("E$");
    assertThat(KeyspaceFlags.required(List.of("del", "unlink", "expire", "rename_to")))
        .isEqualTo("Eg");
    assertThat(
            KeyspaceFlags.required(
                List.of(
                    "set",
                    "del",
                    "expired",
                    "evicted",
                    "unlink",
                    "rename_from",
                    "rename_to",
                    "expire")))
        .isEqualTo("Exeg$");
    assertThat(KeyspaceFlags.required(List.of())).isEqualTo("E");
  }

  @Test
  @DisplayName("a server setting is read flag by flag, with A standing for g$lshzxetd")
  void missing() {
    assertThat(KeyspaceFlags.missing("Exeg$", "")).isEqualTo("Exeg$");
    assertThat(KeyspaceFlags.missing("Exeg$", "AE")).isEmpty();
    assertThat(KeyspaceFlags.missing("Exeg$", "AKE")).isEmpty();
    assertThat(KeyspaceFlags.missing("Exeg$", "AK")).isEqualTo("E"); // keyspace channels only
    assertThat(KeyspaceFlags.missing("Exg$", "gxE")).isEqualTo("$");
    assertThat(KeyspaceFlags.missing("Ex", "xK")).isEqualTo("E");
    assertThat(KeyspaceFlags.missing("Ex", null)).isEqualTo("Ex");
  }

  @Test
  @DisplayName("a missing flag is explained by the events that need it")
  void explain() {
    assertThat(KeyspaceFlags.explain("Eg$", List.of("set", "del", "expire", "expired")))
        .isEqualTo("'E' for the keyevent channels; 'g' for del, expire; '$' for set");
  }
}
