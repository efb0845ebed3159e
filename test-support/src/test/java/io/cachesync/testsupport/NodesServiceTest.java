package io.cachesync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class NodesServiceTest {
  private static String portBehind(NodesService service) {
    String info = service.address().command("INFO", "server");
    return info.replaceAll("(?s).*tcp_port:(\\d+).*", "$1");
  }

  @Test
  void eachConnectionReachesTheFirstNodeThatIsUp() {
    try (RedisServer a = RedisServer.start();
        RedisServer b = RedisServer.start();
        NodesService service =
            NodesService.over(
                List.of(
                    new RedisAddress(a.host(), a.port()), new RedisAddress(b.host(), b.port())))) {
      service.address().command("SET", "k", "through the service");

      assertThat(portBehind(service)).isEqualTo(String.valueOf(a.port()));
      assertThat(RedisCli.command(a.host(), a.port(), "GET", "k")).isEqualTo("through the service");

      a.close();
      assertThat(portBehind(service)).isEqualTo(String.valueOf(b.port()));

      b.close();
      assertThatThrownBy(() -> service.address().command("PING"))
          .as("no node up: refused, as a Service without ready endpoints")
          .isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void needsANode() {
    assertThatThrownBy(() -> NodesService.over(List.of()))
        .hasMessageContaining("at least one node");
  }
}
