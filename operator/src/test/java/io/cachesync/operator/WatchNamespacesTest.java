package io.cachesync.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WatchNamespacesTest {
  @Test
  @DisplayName("CACHESYNC_WATCH_NAMESPACES: a comma list, blanks ignored; unset or empty means all")
  void parses() {
    assertThat(WatchNamespaces.fromEnv(Map.of()).all()).isTrue();
    assertThat(WatchNamespaces.fromEnv(Map.of(WatchNamespaces.ENV, " , ")).all()).isTrue();
    assertThat(WatchNamespaces.fromEnv(Map.of(WatchNamespaces.ENV, "shop, books,,")).names())
        .containsExactlyInAnyOrder("shop", "books");
  }
}
