package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncKeysTest {
  static final String KEY = "kX3q9V0pJr8sT2uW5yZbCdEfGhIjKlMnOpQrStUvWxY"; // as the operator writes

  @TempDir Path dir;

  SyncConfig keyFiles(String key, String verifyKey) {
    return SyncConfig.defaults().withKeyFiles(key, verifyKey);
  }

  Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  @DisplayName("no sync.keyFile: no keys, frames go unsigned")
  void none() {
    assertThat(SyncKeys.of(SyncConfig.defaults())).isNull();
  }

  @Test
  @DisplayName("the key is the file's text without its trailing newline; the verify-only key too")
  void stripped() throws Exception {
    SyncKeys keys =
        SyncKeys.of(
            keyFiles(
                file("key", KEY + "\n").toString(), file("old", " " + KEY + "x\r\n").toString()));
    assertThat(new String(keys.current(), StandardCharsets.UTF_8)).isEqualTo(KEY);
    assertThat(new String(keys.verifyOnly(), StandardCharsets.UTF_8)).isEqualTo(KEY + "x");
    assertThat(keys.toString()).doesNotContain(KEY);
  }

  @Test
  @DisplayName("a key under 32 bytes stops the start with the field, the file and what to write")
  void tooShort() throws Exception {
    String f = file("key", "short-key\n").toString();
    assertThatThrownBy(() -> SyncKeys.of(keyFiles(f, null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sync.keyFile: the key in " + f + " has 9 bytes, fewer than the 32");
  }

  @Test
  @DisplayName(
      "a missing, a folder or a missing verify-only key file each stop the start naming it")
  void unreadable() throws Exception {
    String ok = file("key", KEY).toString();
    assertThatThrownBy(() -> SyncKeys.of(keyFiles(dir.resolve("nope").toString(), null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sync.keyFile: ")
        .hasMessageContaining("does not exist; mount the sync key Secret there");
    assertThatThrownBy(() -> SyncKeys.of(keyFiles(dir.toString(), null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sync.keyFile: " + dir + " cannot be read");
    assertThatThrownBy(() -> SyncKeys.of(keyFiles(ok, dir.resolve("gone").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sync.verifyKeyFile: ");
    assertThatThrownBy(() -> SyncKeys.of(keyFiles(null, ok)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sync.verifyKeyFile: only verifies");
  }
}
