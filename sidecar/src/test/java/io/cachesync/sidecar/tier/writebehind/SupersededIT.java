package io.cachesync.sidecar.tier.writebehind;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.tier.DataConnection;
import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
        GroupConsumer consumer = new GroupConsumer("wb:orders", "a", DataConnection.of(connection));
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

  @Test
  @DisplayName(
      "a trim forgets the stored ids older than the oldest pending entry, keeps the others, and"
          + " drops the hash once nothing is pending")
  void trim() {
    try (RedisServer redis = RedisServer.start()) {
      RedisClient client = RedisClient.create(redis.uri());
      try (var connection = client.connect(WriteBehindStream.CODEC)) {
        String key = "wb:orders";
        RedisCommands<String, byte[]> r = connection.sync();
        for (String id : List.of("1000-0", "1000-5", "2000-0")) {
          r.xadd(
              key, new XAddArgs().id(id), WriteBehindFields.encode("x", ByteString.EMPTY, false));
        }
        WriteBehindStream.createGroup(connection.async(), key).join();
        GroupConsumer consumer = new GroupConsumer(key, "a", DataConnection.of(connection));
        assertThat(consumer.readNew(10, 1)).hasSize(3);
        consumer.ackAndDelete(List.of("1000-0"), Map.of()); // the oldest pending is 1000-5 now

        Map<String, String> ids = new HashMap<>();
        // enough old records for the script to walk the hash in several HSCAN steps
        for (int i = 0; i < 2_500; i++) ids.put("old-" + i, "1-" + i);
        ids.put("older-ms", "999-9"); // after 1000-5 as text, older as an id
        ids.put("older-seq", "1000-4");
        ids.put("same", "1000-5");
        ids.put("newer-seq", "1000-10"); // before 1000-5 as text, newer as an id
        ids.put("newer-ms", "1001-0");
        assertThat(consumer.superseded(ids, Duration.ofMinutes(5))).isEmpty();

        assertThat(consumer.trimStored()).isEqualTo(2_502);
        assertThat(r.hgetall(key + ":stored").keySet())
            .containsExactlyInAnyOrder("same", "newer-seq", "newer-ms");
        assertThat(consumer.superseded(Map.of("newer-ms", "1000-6"), Duration.ofMinutes(5)))
            .as("a kept record still guards its key")
            .containsExactly("newer-ms");

        consumer.ackAndDelete(List.of("1000-5", "2000-0"), Map.of());
        assertThat(consumer.trimStored()).isEqualTo(3);
        assertThat(r.exists(key + ":stored")).as("nothing pending: no record needed").isZero();
        assertThat(consumer.trimStored()).isZero();
      } finally {
        client.shutdown();
      }
    }
  }
}
