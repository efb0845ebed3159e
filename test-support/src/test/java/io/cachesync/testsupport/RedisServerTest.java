package io.cachesync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachesync.testsupport.RedisServer.Provider;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RedisServerTest {

  @Test
  void startedServerAnswersPing() {
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.host()).isEqualTo("127.0.0.1");
      assertThat(redis.port()).isPositive();
      assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(redis.provider()).isIn("redis-server on PATH", "testcontainers", "embedded-redis");
      assertThat(redis.isRunning()).isTrue();
      assertThat(RedisCli.command(redis.host(), redis.port(), "PING")).isEqualTo("PONG");
    }
  }

  @Test
  void prefersRedisServerOnPath() {
    assumeTrue(RedisBinaries.onPath().isPresent(), "no redis-server on PATH");
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.provider()).isEqualTo("redis-server on PATH");
    }
  }

  @Test
  void fallsBackToEmbeddedRedisWithoutRedisServerOrDocker() {
    assumeTrue(RedisBinaries.onPath().isEmpty(), "redis-server is on PATH");
    assumeTrue(!RedisServer.dockerAvailable(), "Docker is available");
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.provider()).isEqualTo("embedded-redis");
    }
  }

  @Test
  void stoppedServerRefusesConnectionsButKeepsItsPort() {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      redis.stop();

      assertThat(redis.isRunning()).isFalse();
      assertThat(redis.port()).isEqualTo(port);
      assertThatThrownBy(() -> RedisCli.command(redis.host(), port, "PING"))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(ConnectException.class);
    }
  }

  @Test
  void restartAnswersOnTheSamePortWithNoDataKept() {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      assertThat(RedisCli.command(redis.host(), port, "SET", "k", "v")).isEqualTo("OK");
      redis.stop();

      redis.restart();

      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.isRunning()).isTrue();
      assertThat(RedisCli.command(redis.host(), port, "PING")).isEqualTo("PONG");
      assertThat(RedisCli.command(redis.host(), port, "GET", "k")).isEqualTo("(nil)");
    }
  }

  @Test
  void restartOfARunningServerKillsItFirst() {
    try (RedisServer redis = RedisServer.start()) {
      RedisCli.command(redis.host(), redis.port(), "SET", "k", "v");
      redis.restart();
      assertThat(RedisCli.command(redis.host(), redis.port(), "GET", "k")).isEqualTo("(nil)");
    }
  }

  @Test
  void extraArgsAreApplied() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Ex")) {
      assertThat(
              RedisCli.command(
                  redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events"))
          .isEqualTo("[notify-keyspace-events, xE]");
      redis.restart();
      assertThat(
              RedisCli.command(
                  redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events"))
          .as("restart keeps the extra args")
          .isEqualTo("[notify-keyspace-events, xE]");
    }
  }

  @Test
  void emptyExtraArgIsPassedThrough() {
    try (RedisServer redis = RedisServer.start("--rename-command", "CONFIG", "")) {
      assertThat(RedisCli.command(redis.host(), redis.port(), "CONFIG", "GET", "port"))
          .startsWith("ERR unknown command");
    }
  }

  @Test
  void invalidDirectiveFailsWithTheServersComplaint() {
    assertThatThrownBy(() -> RedisServer.start("--no-such-directive", "1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Bad directive")
        .hasMessageContaining("no-such-directive");
  }

  @Test
  void closeIsIdempotentAndRemovesTheLog() {
    RedisServer redis = RedisServer.start();
    Path log = redis.logFile();
    assertThat(log).exists();
    redis.close();
    redis.close();
    assertThat(redis.isRunning()).isFalse();
    assertThat(Files.exists(log)).isFalse();
    assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void embeddedRedisProviderWorksWithoutAnyInstalledRedis() {
    try (RedisServer redis =
        RedisServer.startWith(Provider.EMBEDDED_REDIS, "--notify-keyspace-events", "Ex")) {
      assertThat(redis.provider()).isEqualTo("embedded-redis");
      assertThat(RedisCli.command(redis.host(), redis.port(), "PING")).isEqualTo("PONG");
      assertThat(RedisCli.command(redis.host(), redis.port(), "INFO", "server"))
          .as("runs the binary extracted from the embedded-redis jar, not one on PATH")
          .containsPattern("executable:\\S*redis-server-[0-9.]+-(linux|darwin)-");
      assertThat(
              RedisCli.command(
                  redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events"))
          .isEqualTo("[notify-keyspace-events, xE]");

      int port = redis.port();
      redis.stop();
      assertThatThrownBy(() -> RedisCli.command(redis.host(), port, "PING"))
          .hasCauseInstanceOf(ConnectException.class);
      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(RedisCli.command(redis.host(), port, "PING")).isEqualTo("PONG");
    }
  }

  @Test
  void embeddedRedisProviderReportsTheServersComplaint() {
    assertThatThrownBy(
            () -> RedisServer.startWith(Provider.EMBEDDED_REDIS, "--no-such-directive", "1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("embedded-redis")
        .hasMessageContaining("Bad directive");
  }

  @Test
  void pathProviderCanBeForced() {
    assumeTrue(RedisBinaries.onPath().isPresent(), "no redis-server on PATH");
    try (RedisServer redis = RedisServer.startWith(Provider.PATH_BINARY)) {
      assertThat(redis.provider()).isEqualTo("redis-server on PATH");
      assertThat(RedisCli.command(redis.host(), redis.port(), "PING")).isEqualTo("PONG");
    }
  }

  @Test
  @Timeout(300) // the first run pulls the image
  void testcontainersProviderWhenDockerIsAvailable() {
    assumeTrue(RedisServer.dockerAvailable(), "no Docker engine");
    try (RedisServer redis =
        RedisServer.startWith(Provider.TESTCONTAINERS, "--notify-keyspace-events", "Ex")) {
      assertThat(redis.provider()).isEqualTo("testcontainers");
      assertThat(
              RedisCli.command(
                  redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events"))
          .isEqualTo("[notify-keyspace-events, xE]");
      int port = redis.port();
      redis.stop();
      assertThat(redis.isRunning()).isFalse();
      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(RedisCli.command(redis.host(), port, "PING")).isEqualTo("PONG");
    }
  }

  @Test
  @Timeout(300)
  void testcontainersProviderReportsTheServersComplaint() {
    assumeTrue(RedisServer.dockerAvailable(), "no Docker engine");
    assertThatThrownBy(
            () -> RedisServer.startWith(Provider.TESTCONTAINERS, "--no-such-directive", "1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("testcontainers")
        .hasMessageContaining("Bad directive");
  }

  @Test
  @Timeout(300)
  void prefersTestcontainersToEmbeddedRedis() {
    assumeTrue(RedisBinaries.onPath().isEmpty(), "redis-server is on PATH");
    assumeTrue(RedisServer.dockerAvailable(), "no Docker engine");
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.provider()).isEqualTo("testcontainers");
    }
  }

  @Test
  void redisCliRendersEveryReplyType() {
    try (RedisServer redis = RedisServer.start()) {
      String h = redis.host();
      int p = redis.port();
      assertThat(RedisCli.command(h, p, "INCR", "n")).isEqualTo("1");
      assertThat(RedisCli.command(h, p, "SET", "s", "héllo")).isEqualTo("OK");
      assertThat(RedisCli.command(h, p, "GET", "s")).isEqualTo("héllo");
      assertThat(RedisCli.command(h, p, "GET", "missing")).isEqualTo("(nil)");
      assertThat(RedisCli.command(h, p, "RPUSH", "l", "a", "b")).isEqualTo("2");
      assertThat(RedisCli.command(h, p, "LRANGE", "l", "0", "-1")).isEqualTo("[a, b]");
      assertThat(RedisCli.command(h, p, "NO-SUCH-COMMAND")).startsWith("ERR unknown command");
      assertThat(RedisCli.command(h, p, "CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo("0");
    }
  }

  @Test
  void redisCliDecodesNestedArraysAndNils() throws Exception {
    String reply = "*3\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n*-1\r\n";
    assertThat(RedisCli.decode(new ByteArrayInputStream(reply.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("[a, [1, (nil)], (nil)]");
    assertThat(new String(RedisCli.encode("GET", "k"), StandardCharsets.UTF_8))
        .isEqualTo("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
  }
}
