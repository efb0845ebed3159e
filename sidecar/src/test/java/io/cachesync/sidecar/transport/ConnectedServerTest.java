package io.cachesync.sidecar.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConnectedServerTest {
  @Test
  @DisplayName(
      "the first node reached is the baseline; the same node again is no change; another one counts")
  void countsChanges() {
    AtomicInteger changes = new AtomicInteger();
    ConnectedServer server = new ConnectedServer("the invalidation bus", changes::incrementAndGet);
    assertThat(server.server()).isEmpty();
    server.reached("10.0.0.1:6379");
    server.reached("10.0.0.1:6379");
    assertThat(changes).hasValue(0);
    server.reached("10.0.0.2:6379");
    assertThat(changes).hasValue(1);
    assertThat(server.server()).isEqualTo("10.0.0.2:6379");
  }
}
