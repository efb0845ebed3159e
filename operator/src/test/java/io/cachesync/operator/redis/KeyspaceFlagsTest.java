package io.cachesync.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.model.KeyspaceEvent;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyspaceFlagsTest {

  @Test
  @DisplayName("E plus one flag per event class, each once")
  void required() {
    assertThat(
            KeyspaceFlags.required(
                List.of(KeyspaceEvent.expired, KeyspaceEvent.del, KeyspaceEvent.expire)))
        .isEqualTo("Exg");
    assertThat(KeyspaceFlags.required(List.of(KeyspaceEvent.set, KeyspaceEvent.evicted)))
        .isEqualTo("E$e");
  }

  @Test
  @DisplayName("'A' covers the class flags but not E; merging only ever adds")
  void missingAndMerge() {
    assertThat(KeyspaceFlags.missing("Exg$", "KA")).isEqualTo("E");
    assertThat(KeyspaceFlags.missing("Exg", "Kl")).isEqualTo("Exg");
    assertThat(KeyspaceFlags.missing("Ex", "xE")).isEmpty();
    assertThat(KeyspaceFlags.merge("Kl", "Exg")).isEqualTo("KlExg");
  }
}
