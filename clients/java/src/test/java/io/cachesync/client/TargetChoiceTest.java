package io.cachesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TargetChoiceTest {

  @Test
  @DisplayName(
      "host:port, [v6]:port and unix:///path parse; anything else names its source and the forms")
  void parses() {
    assertThat(SidecarTarget.parse("127.0.0.1:7070", "x"))
        .isEqualTo(new SidecarTarget.Tcp("127.0.0.1", 7070, "x"));
    assertThat(SidecarTarget.parse("[::1]:7070", "x")).hasToString("[::1]:7070");
    assertThat(SidecarTarget.parse("unix:///var/run/cachesync/cache.sock", "x"))
        .isEqualTo(new SidecarTarget.Unix("/var/run/cachesync/cache.sock", "x"));
    assertThat(SidecarTarget.parse("unix:/tmp/c.sock", "x"))
        .isEqualTo(new SidecarTarget.Unix("/tmp/c.sock", "x"));
    for (String bad :
        new String[] {
          "", "localhost", "host:", ":7070", "h:0", "h:70000", "h:port", "unix:rel.sock"
        }) {
      assertThatThrownBy(() -> SidecarTarget.parse(bad, "CACHESYNC_TARGET"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CACHESYNC_TARGET '" + bad + "' is not a sidecar address")
          .hasMessageContaining("host:port");
    }
  }

  @Test
  @DisplayName(
      "an explicit target wins; else the socket when epoll can open it; else CACHESYNC_TARGET")
  void precedence() {
    Map<String, String> both =
        Map.of("CACHESYNC_SOCKET", "/run/c.sock", "CACHESYNC_TARGET", "127.0.0.1:7070");
    assertThat(TargetChoice.choose("10.0.0.1:1", both::get, true)).hasToString("10.0.0.1:1");
    assertThat(TargetChoice.choose(null, both::get, true)).hasToString("unix:///run/c.sock");
    assertThat(TargetChoice.choose(null, both::get, false)).hasToString("127.0.0.1:7070");
  }

  @Test
  @DisplayName("nothing set, or only a socket epoll cannot open: an error that says what to set")
  void nothingUsable() {
    assertThatThrownBy(() -> TargetChoice.choose(null, k -> null, true))
        .hasMessageContaining("set CACHESYNC_SOCKET")
        .hasMessageContaining("CACHESYNC_TARGET");
    Map<String, String> socketOnly = Map.of("CACHESYNC_SOCKET", "/run/c.sock");
    assertThatThrownBy(() -> TargetChoice.choose(null, socketOnly::get, false))
        .hasMessageContaining("native epoll is not available")
        .hasMessageContaining("CACHESYNC_TARGET=127.0.0.1:");
    assertThatThrownBy(() -> TargetChoice.choose("unix:///run/c.sock", k -> null, false))
        .hasMessageContaining("is a Unix socket, but native epoll is not available");
  }

  @Test
  @DisplayName("the builder refuses a malformed target at build(), before any call")
  void builderRefuses() {
    assertThatThrownBy(() -> CacheSyncClient.builder().target("sidecar").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target 'sidecar' is not a sidecar address");
    assertThatThrownBy(
            () ->
                CacheSyncClient.builder()
                    .environment(Map.of("CACHESYNC_TARGET", "7070")::get)
                    .build())
        .hasMessageContaining("CACHESYNC_TARGET '7070'");
  }
}
