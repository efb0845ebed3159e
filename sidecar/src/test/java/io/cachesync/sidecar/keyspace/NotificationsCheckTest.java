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
}
