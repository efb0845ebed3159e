package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials come from a mounted file, never the config itself. */
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
}
