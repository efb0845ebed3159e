package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisMode;
import io.cachesync.testsupport.RedisSentinels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials in Sentinel mode log in to the master the sentinels name, not to the sentinels. */
class SentinelAuthIT {

  @Test
  @DisplayName(
      "data nodes with a password, sentinels without: redis.passwordFile logs in to the master and"
          + " sidecars sync")
  void passwordOnTheDataNodes(@TempDir Path dir) throws Exception {
    try (RedisSentinels redis =
            RedisSentinels.start(RedisSentinels.Options.defaults().withPassword("s3cret"));
        SidecarFixture fixture = new SidecarFixture()) {
      Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
      RedisConfig config =
          new RedisConfig(
              redis.sentinelUri().replace("s3cret@", ""), // the sidecar takes it from a file
              null,
              null,
              password.toString(),
              null,
              null,
              null,
              RedisMode.Sentinel);
      List<Sidecar> sidecars = fixture.start(2, config, c -> c);
      var a = fixture.client(sidecars.get(0));
      var b = fixture.client(sidecars.get(1));
      assertThat(missThenFill(b, "books", "k", "v1")).isTrue();
      assertThat(write(a, "books", "k", "v2")).isTrue();
      await().atMost(Duration.ofSeconds(2)).until(() -> !hits(b, "books", "k"));
    }
  }
}
