package io.cachesync.sidecar.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.FreePort;
import io.cachesync.testsupport.RedisSentinels;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A Sentinel url that leads nowhere says why, in words that point at the part to fix. */
class SentinelConnectFailureIT {
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private String whyNot(String url) {
    try (RedisConnector<StatefulRedisConnection<String, String>> connector =
        new RedisConnector<>(
            "a test",
            RedisConfig.sentinel(url),
            scheduler,
            c -> ((RedisClient) c).connect(StringCodec.UTF8))) {
      connector.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !connector.whyNotConnected().startsWith("connecting"));
      assertThat(connector.connection()).isNull();
      return connector.whyNotConnected();
    }
  }

  @Test
  @DisplayName("sentinels that know no master of that name: the message names it and the sentinels")
  void unknownMaster() {
    try (RedisSentinels redis = RedisSentinels.start()) {
      String url = redis.sentinelUri().replace("#" + redis.masterName(), "#nosuch");
      assertThat(whyNot(url))
          .isEqualTo(
              "no sentinel of redis.url "
                  + url
                  + " knows a master named 'nosuch': end the url with the name they monitor"
                  + " (their 'sentinel monitor <name> ...'; SENTINEL MASTERS lists it)");
    }
  }

  @Test
  @DisplayName("no sentinel answers: the message names the url and the refusal")
  void noSentinel() {
    String url = "redis-sentinel://127.0.0.1:" + FreePort.pick() + "#mymaster";
    assertThat(whyNot(url))
        .startsWith("Redis at " + url + " is unreachable: ")
        .contains("Connection refused");
  }
}
