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
  static final RedisScript PUSH =
      RedisScript.ordered("return redis.call('RPUSH', KEYS[1], ARGV[1])");

  @Test
  @DisplayName(
      "an ordered script's calls pipelined on one connection run in the order sent, also right after Redis forgot its scripts")
  void pipelinedOrder() {
    try (RedisServer redis = RedisServer.start()) {
      RedisClient client = (RedisClient) RedisClients.client(RedisConfig.of(redis.uri()));
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
          // the next pipeline starts on a Redis that no longer knows the script (as after a
          // restart)
          RedisCli.command(redis.host(), redis.port(), "SCRIPT", "FLUSH");
        }
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  @DisplayName(
      "an ordered script is never sent by digest, so no NOSCRIPT retry can run behind later calls; a plain one is, once known")
  void orderedNeverByDigest() {
    RedisScript plain = new RedisScript("return 1");
    try (RedisServer redis = RedisServer.start()) {
      RedisClient client = (RedisClient) RedisClients.client(RedisConfig.of(redis.uri()));
      try (var connection =
          client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
        var async = connection.async();
        for (int i = 0; i < 3; i++) {
          PUSH.run(async, ScriptOutputType.INTEGER, new String[] {"k"}, new byte[] {'x'}).join();
        }
        assertThat(calls(redis, "evalsha")).isZero();
        for (int i = 0; i < 3; i++) {
          plain.run(async, ScriptOutputType.INTEGER, new String[0]).join();
        }
        assertThat(calls(redis, "evalsha")).isEqualTo(2); // the first went whole
      } finally {
        client.shutdown();
      }
    }
  }

  /** How many times Redis ran {@code command} (INFO commandstats). */
  static long calls(RedisServer redis, String command) {
    for (String line :
        RedisCli.command(redis.host(), redis.port(), "INFO", "commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        String rest = line.substring(("cmdstat_" + command + ":calls=").length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
      }
    }
    return 0;
  }

  @Test
  @DisplayName("a digest script still answers after Redis forgot its scripts (retried whole)")
  void digestRecovers() {
    RedisScript echo = new RedisScript("return ARGV[1]");
    try (RedisServer redis = RedisServer.start()) {
      RedisClient client = (RedisClient) RedisClients.client(RedisConfig.of(redis.uri()));
      try (var connection =
          client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
        var async = connection.async();
        for (int round = 0; round < 2; round++) {
          byte[] out =
              echo.<byte[]>run(async, ScriptOutputType.VALUE, new String[0], new byte[] {'x'})
                  .join();
          assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("x");
          RedisCli.command(redis.host(), redis.port(), "SCRIPT", "FLUSH");
        }
      } finally {
        client.shutdown();
      }
    }
  }
}
