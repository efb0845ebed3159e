package io.cachesync.sidecar.tier;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.transport.RedisClients;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RedisScriptIT {
  static final RedisScript PUSH = new RedisScript("return redis.call('RPUSH', KEYS[1], ARGV[1])");

  @Test
  @DisplayName(
      "calls pipelined on one connection run in the order sent, also while Redis does not know the script yet")
  void pipelinedOrder() {
    try (RedisServer redis = RedisServer.start()) {
      RedisClient client = RedisClients.client(RedisConfig.of(redis.uri()));
      try (var connection =
          client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
        var async = connection.async();
        for (String key : List.of("first", "after-flush")) {
          List<CompletableFuture<Long>> calls = new ArrayList<>();
          for (int i = 0; i < 500; i++) {
            calls.add(
                PUSH.run(
                    async,
                    ScriptOutputType.INTEGER,
                    new String[] {key},
                    Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
          }
          calls.forEach(CompletableFuture::join);
          assertThat(connection.sync().lrange(key, 0, -1))
              .extracting(b -> Integer.valueOf(new String(b, StandardCharsets.UTF_8)))
              .as(key)
              .containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
          RedisCli.command(redis.host(), redis.port(), "SCRIPT", "FLUSH");
          // the next call finds the script gone and sends it whole again
          PUSH.run(async, ScriptOutputType.INTEGER, new String[] {"probe"}, new byte[] {'x'})
              .join();
        }
      } finally {
        client.shutdown();
      }
    }
  }
}
