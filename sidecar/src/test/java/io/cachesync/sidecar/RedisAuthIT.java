package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.ConfigException;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials come from mounted files (or the environment), never the config itself. */
class RedisAuthIT {

  @Test
  @DisplayName(
      "a password from redis.passwordFile authenticates; a wrong one keeps the sidecar not ready, saying why")
  void passwordFile(@TempDir Path dir) throws Exception {
    try (RedisServer redis = RedisServer.start("--requirepass", "s3cret");
        SidecarFixture fixture = new SidecarFixture()) {
      Path good = Files.writeString(dir.resolve("good"), "s3cret\n");
      Sidecar ok =
          fixture
              .start(
                  1,
                  redis.uri(),
                  c -> c.withRedis(new RedisConfig(redis.uri(), null, good.toString(), null, null)))
              .get(0);
      assertThat(missThenFill(fixture.client(ok), "books", "k", "v")).isTrue();

      Path bad = Files.writeString(dir.resolve("bad"), "guess");
      Sidecar refused =
          fixture.startOne(
              fixture
                  .config(redis.uri())
                  .withRedis(new RedisConfig(redis.uri(), null, bad.toString(), null, null)));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(refused.health().detail())
                      .containsAnyOf("WRONGPASS", "invalid username-password"));
      assertThat(refused.serving()).isFalse();
    }
  }

  /** A Redis whose ACL knows alice, next to the default user the test pokes it with. */
  static RedisServer redisWithAlice() {
    return RedisServer.start("--user", "alice", "on", ">alice-pw", "~*", "&*", "+@all");
  }

  @Test
  @DisplayName(
      "a username from redis.usernameFile logs in as that ACL user; a wrong one keeps the sidecar"
          + " not ready, saying why")
  void usernameFile(@TempDir Path dir) throws Exception {
    try (RedisServer redis = redisWithAlice();
        SidecarFixture fixture = new SidecarFixture()) {
      Path password = Files.writeString(dir.resolve("password"), "alice-pw\n");
      Path alice = Files.writeString(dir.resolve("username"), "alice\n");
      Sidecar ok =
          fixture
              .start(
                  1,
                  redis.uri(),
                  c ->
                      c.withRedis(
                          new RedisConfig(
                              redis.uri(),
                              null,
                              alice.toString(),
                              password.toString(),
                              null,
                              null)))
              .get(0);
      assertThat(missThenFill(fixture.client(ok), "books", "k", "v")).isTrue();
      assertThat(RedisCli.command(redis.host(), redis.port(), "CLIENT", "LIST"))
          .contains("user=alice");

      Path bob = Files.writeString(dir.resolve("bob"), "bob");
      Sidecar refused =
          fixture.startOne(
              fixture
                  .config(redis.uri())
                  .withRedis(
                      new RedisConfig(
                          redis.uri(), null, bob.toString(), password.toString(), null, null)));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(refused.health().detail())
                      .containsAnyOf("WRONGPASS", "invalid username-password"));
      assertThat(refused.serving()).isFalse();
    }
  }

  @Test
  @DisplayName("a missing redis.usernameFile stops the start with an error naming the field")
  void missingUsernameFile(@TempDir Path dir) throws Exception {
    try (RedisServer redis = redisWithAlice();
        SidecarFixture fixture = new SidecarFixture()) {
      Path password = Files.writeString(dir.resolve("password"), "alice-pw");
      Path missing = dir.resolve("username");
      assertThatThrownBy(
              () ->
                  fixture.startOne(
                      fixture
                          .config(redis.uri())
                          .withRedis(
                              new RedisConfig(
                                  redis.uri(),
                                  null,
                                  missing.toString(),
                                  password.toString(),
                                  null,
                                  null))))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "redis.usernameFile: "
                  + missing
                  + " does not exist; mount the file holding the Redis ACL username there");
    }
  }
}
