package io.cachesync.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClusterCreateTest {

  private static final List<RedisAddress> NOBODY =
      List.of(RedisAddress.loopback(FreePort.pick()), RedisAddress.loopback(FreePort.pick()));

  @Test
  @DisplayName("without redis-cli the cluster fixture says what to install")
  void missingRedisCli() {
    assertThatThrownBy(() -> ClusterCreate.join(Optional.empty(), NOBODY, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis-cli, which is not on PATH")
        .hasMessageContaining("redis-tools");
  }

  @Test
  @DisplayName("a failed redis-cli --cluster create is reported with its own output")
  void failedCreateQuotesRedisCli() {
    assumeTrue(RedisBinaries.cliOnPath().isPresent(), "no redis-cli on PATH");
    assertThatThrownBy(() -> ClusterCreate.join(NOBODY, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--cluster create")
        .hasMessageContaining("exited with")
        .hasMessageContaining("Could not connect");
  }
}
