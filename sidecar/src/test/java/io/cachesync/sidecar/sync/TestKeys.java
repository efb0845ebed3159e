package io.cachesync.sidecar.sync;

import io.cachesync.sidecar.config.SyncKeys;
import java.nio.charset.StandardCharsets;

/** Sync keys for tests, the length the operator writes (43 characters of base64url). */
final class TestKeys {
  static final String A = "kX3q9V0pJr8sT2uW5yZbCdEfGhIjKlMnOpQrStUvWxY";
  static final String B = "Bq7wE2rT5yU8iO1pA4sD6fG9hJ3kL0zXcVbNmQwErTy";

  private TestKeys() {}

  static FrameMac mac(String key) {
    return FrameMac.of(new SyncKeys(bytes(key), null));
  }

  static FrameMac rotating(String current, String verifyOnly) {
    return FrameMac.of(new SyncKeys(bytes(current), bytes(verifyOnly)));
  }

  static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
