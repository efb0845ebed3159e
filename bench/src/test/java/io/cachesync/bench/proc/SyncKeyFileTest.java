package io.cachesync.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncKeyFileTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("the key is 43 base64url characters (32 random bytes), owner-only, fresh each time")
  void keyAsTheOperatorMakesIt() throws Exception {
    Path a = SyncKeyFile.write(tmp.resolve("a.key"));
    Path b = SyncKeyFile.write(tmp.resolve("b.key"));

    String key = Files.readString(a);
    assertThat(key).matches("[A-Za-z0-9_-]{43}");
    // the sidecar refuses a key shorter than 32 bytes
    assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(32);
    assertThat(Files.readString(b)).isNotEqualTo(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a)))
        .doesNotContain("r--r--")
        .endsWith("---");
  }
}
