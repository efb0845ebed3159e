package io.cachesync.sidecar.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class L2TierIT {

  @Test
  @DisplayName(
      "L2 on a real Redis: writes with PX, fills only where nothing is (withdrawing the echo expectation), MGET, UNLINK, clear by prefix")
  void tier() {
    try (RedisServer redis = RedisServer.start();
        RedisLink link = new RedisLink(RedisConfig.of(redis.uri()))) {
      List<String> expected = new CopyOnWriteArrayList<>();
      List<String> withdrawn = new CopyOnWriteArrayList<>();
      link.start(() -> {});
      await().until(() -> link.commands() != null);
      L2Tier l2 =
          new L2Tier(
              link,
              new L2Config(true, "cachesync:books:", null),
              60_000,
              expected::add,
              withdrawn::add);

      assertThat(l2.set("a", ByteString.copyFromUtf8("1"), 0).join()).isTrue();
      long pttl =
          Long.parseLong(RedisCli.command(redis.host(), redis.port(), "PTTL", "cachesync:books:a"));
      assertThat(pttl).isBetween(1L, 60_000L);
      assertThat(l2.setIfAbsent("a", ByteString.copyFromUtf8("older"), 0).join()).isFalse();
      assertThat(l2.get("a").join().toStringUtf8()).isEqualTo("1");
      assertThat(expected).containsExactly("cachesync:books:a", "cachesync:books:a");
      assertThat(withdrawn)
          .as("the refused fill wrote nothing: no echo will come")
          .containsExactly("cachesync:books:a");

      l2.set("b", ByteString.copyFromUtf8("2"), 0).join();
      Map<String, ByteString> many = l2.getMany(List.of("a", "b", "c")).join();
      assertThat(many).containsOnlyKeys("a", "b");
      assertThat(l2.delete(List.of("a")).join()).isTrue();
      assertThat(l2.get("a").join()).isNull();
      RedisCli.command(redis.host(), redis.port(), "SET", "unrelated", "x");
      assertThat(l2.clear().join()).isTrue();
      assertThat(l2.get("b").join()).isNull();
      assertThat(RedisCli.command(redis.host(), redis.port(), "GET", "unrelated")).isEqualTo("x");

      redis.stop();
      assertThat(l2.get("b").join()).as("an unreachable tier is a miss").isNull();
      assertThat(l2.readFailures()).isPositive();
    }
  }
}
