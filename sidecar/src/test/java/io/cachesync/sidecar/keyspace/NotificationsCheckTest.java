package io.cachesync.sidecar.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.sidecar.keyspace.NotificationsStatus.State;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NotificationsCheckTest {
  static final List<String> EVENTS = List.of("expired", "del", "set");

  @Test
  @DisplayName("a setting that covers every event is ENABLED")
  void enabled() {
    assertThat(NotificationsCheck.of(EVENTS, "AKE").state()).isEqualTo(State.ENABLED);
    assertThat(NotificationsCheck.of(EVENTS, "g$xE").state()).isEqualTo(State.ENABLED);
  }

  @Test
  @DisplayName("notifications off on the server: DISABLED, naming what to run")
  void off() {
    NotificationsStatus status = NotificationsCheck.of(List.of("expired"), "");
    assertThat(status.state()).isEqualTo(State.DISABLED);
    assertThat(status.detail())
        .contains("Redis has notify-keyspace-events='' but the sidecar needs 'Ex'")
        .contains("'x' for expired")
        .contains("CONFIG SET notify-keyspace-events Ex")
        .contains("operator");
  }

  @Test
  @DisplayName("a partial setting: DISABLED, the suggestion keeps the server's flags")
  void partial() {
    NotificationsStatus status = NotificationsCheck.of(EVENTS, "xK");
    assertThat(status.state()).isEqualTo(State.DISABLED);
    assertThat(status.detail())
        .contains("needs 'Exg$'")
        .contains("missing 'E' for the keyevent channels; 'g' for del; '$' for set")
        .contains("CONFIG SET notify-keyspace-events xKEg$");
  }

  @Test
  @DisplayName("CONFIG refused: UNKNOWN, saying what must be set and that events still apply")
  void unknown() {
    NotificationsStatus status =
        NotificationsCheck.unverifiable(EVENTS, "ERR unknown command 'CONFIG'");
    assertThat(status.state()).isEqualTo(State.UNKNOWN);
    assertThat(status.detail())
        .contains("cannot be verified")
        .contains("ERR unknown command 'CONFIG'")
        .contains("'Exg$'")
        .contains("events are applied if they arrive");
  }

  @Test
  @DisplayName("no events configured: OFF")
  void none() {
    assertThat(NotificationsCheck.of(List.of(), "AKE").state()).isEqualTo(State.OFF);
  }

  @Test
  @DisplayName(
      "Redis Cluster: ENABLED only when every master is; else the worst state, naming its masters")
  void everyMaster() {
    NotificationsStatus on = NotificationsCheck.of(EVENTS, "AKE");
    NotificationsStatus off = NotificationsCheck.of(EVENTS, "");
    NotificationsStatus refused = NotificationsCheck.unverifiable(EVENTS, "NOPERM");
    var all = new java.util.TreeMap<String, NotificationsStatus>();
    all.put("h:1", on);
    all.put("h:2", on);
    NotificationsStatus enabled = NotificationsCheck.ofMasters(all);
    assertThat(enabled.state()).isEqualTo(State.ENABLED);
    assertThat(enabled.detail()).contains("every master").contains("h:1, h:2");

    all.put("h:3", refused);
    NotificationsStatus unknown = NotificationsCheck.ofMasters(all);
    assertThat(unknown.state()).isEqualTo(State.UNKNOWN);
    assertThat(unknown.detail()).contains("master h:3:").doesNotContain("h:1");

    all.put("h:2", off);
    NotificationsStatus disabled = NotificationsCheck.ofMasters(all);
    assertThat(disabled.state()).isEqualTo(State.DISABLED);
    assertThat(disabled.detail())
        .startsWith("on Redis Cluster master h:2: ")
        .contains("CONFIG SET notify-keyspace-events")
        .doesNotContain("h:1")
        .doesNotContain("h:3");

    assertThat(NotificationsCheck.ofMasters(java.util.Map.of()).state()).isEqualTo(State.UNKNOWN);
  }
}
