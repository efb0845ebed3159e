package io.cachesync.sidecar.tier.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The order check behind a takeover, on a real Redis. */
class SupersededIT {

  @Test
  @DisplayName(
      "an entry older than one already handed to the store is superseded; newer and equal ones are not")
  void olderIsSkipped() {
    try (RedisServer redis = RedisServer.start()) {
      RedisClient client = RedisClient.create(redis.uri());
      try (var connection =
          client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
        GroupConsumer consumer = new GroupConsumer("wb:orders", "a", connection);
        Duration remember = Duration.ofMinutes(5);
        assertThat(consumer.superseded(Map.of("k", "1700000000005-0"), remember)).isEmpty();
        assertThat(consumer.superseded(Map.of("k", "1700000000003-7"), remember))
            .containsExactly("k");
        assertThat(consumer.superseded(Map.of("k", "1700000000005-0"), remember))
            .as("a retry of the same entry")
            .isEmpty();
        assertThat(consumer.superseded(Map.of("k", "1700000000005-1", "j", "1-0"), remember))
            .isEmpty();
        assertThat(consumer.superseded(Map.of("k", "1700000000005-0"), remember))
            .containsExactly("k");
      } finally {
        client.shutdown();
      }
    }
  }
}
