package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisLoginTest {
  @TempDir Path dir;

  static RedisConfig redis(String username, String usernameFile, String passwordFile) {
    return new RedisConfig(null, username, usernameFile, passwordFile, null, null);
  }

  static RedisLogin login(RedisConfig c) {
    return RedisLogin.of(c, Map.<String, String>of()::get);
  }

  @Test
  @DisplayName("usernameFile and passwordFile are read and trimmed, as mounted Secrets end")
  void files() throws Exception {
    Path user = Files.writeString(dir.resolve("username"), "  alice\n");
    Path pass = Files.writeString(dir.resolve("password"), "s3cret\r\n");
    RedisLogin l = login(redis(null, user.toString(), pass.toString()));
    assertThat(l.username()).isEqualTo("alice");
    assertThat(l.password()).isEqualTo("s3cret");
    assertThat(l.toString()).doesNotContain("s3cret");
  }

  @Test
  @DisplayName("the password may come from CACHESYNC_REDIS_PASSWORD; nothing set means no login")
  void environment() {
    assertThat(RedisLogin.of(redis("bob", null, null), Map.of(RedisLogin.PASSWORD_ENV, "pw")::get))
        .isEqualTo(new RedisLogin("bob", "pw"));
    assertThat(login(redis(null, null, null)).present()).isFalse();
  }

  @Test
  @DisplayName("a missing usernameFile is an error naming the field and the file")
  void missing() {
    String file = dir.resolve("nope").toString();
    assertThatThrownBy(() -> login(redis(null, file, null)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "redis.usernameFile: "
                + file
                + " does not exist; mount the file holding the Redis ACL username there");
  }

  @Test
  @DisplayName("an empty, unreadable or non-text usernameFile is an error naming the field")
  void unusable() throws Exception {
    Path pass = Files.writeString(dir.resolve("password"), "pw");
    Path empty = Files.writeString(dir.resolve("empty"), " \n");
    assertThatThrownBy(() -> login(redis(null, empty.toString(), pass.toString())))
        .hasMessage(
            "redis.usernameFile: " + empty + " is empty; it must hold the Redis ACL username");
    Path folder = Files.createDirectory(dir.resolve("folder"));
    assertThatThrownBy(() -> login(redis(null, folder.toString(), pass.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("redis.usernameFile: " + folder + " cannot be read");
    Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xC3, (byte) 0x28});
    assertThatThrownBy(() -> login(redis(null, binary.toString(), pass.toString())))
        .hasMessage(
            "redis.usernameFile: "
                + binary
                + " is not UTF-8 text; it must hold the Redis ACL username");
    Path missingPassword = dir.resolve("no-password");
    assertThatThrownBy(() -> login(redis(null, null, missingPassword.toString())))
        .hasMessageStartingWith("redis.passwordFile: " + missingPassword + " does not exist");
  }

  @Test
  @DisplayName("a username without a password is refused: Redis would log in as the default user")
  void usernameNeedsPassword() throws Exception {
    Path user = Files.writeString(dir.resolve("username"), "alice");
    assertThatThrownBy(() -> login(redis(null, user.toString(), null)))
        .hasMessage(
            "redis.usernameFile: a username needs a password too; set redis.passwordFile or"
                + " CACHESYNC_REDIS_PASSWORD");
    assertThatThrownBy(() -> login(redis("alice", null, null)))
        .hasMessageStartingWith("redis.username: a username needs a password too");
  }

  @Test
  @DisplayName("username and usernameFile together are refused")
  void both() {
    assertThatThrownBy(() -> redis("alice", "/etc/redis/username", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("redis.usernameFile: redis.username is set too");
  }
}
