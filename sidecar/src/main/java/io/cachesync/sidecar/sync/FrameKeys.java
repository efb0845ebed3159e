package io.cachesync.sidecar.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * One immutable set of frame keys: the first signs and verifies, the others only verify. {@link
 * FrameMac} swaps whole sets, so a thread always signs and verifies with one consistent set.
 */
final class FrameKeys {
  static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec[] specs;

  private FrameKeys(SecretKeySpec[] specs) {
    this.specs = specs;
  }

  /**
   * {@code signing} first, then each of {@code verifying} not already in the set (nulls skipped).
   */
  static FrameKeys of(byte[] signing, List<byte[]> verifying) {
    List<byte[]> distinct = new ArrayList<>();
    distinct.add(signing);
    for (byte[] key : verifying) {
      if (key != null && distinct.stream().noneMatch(k -> Arrays.equals(k, key))) distinct.add(key);
    }
    return new FrameKeys(
        distinct.stream().map(k -> new SecretKeySpec(k, ALGORITHM)).toArray(SecretKeySpec[]::new));
  }

  int size() {
    return specs.length;
  }

  /** Key {@code i}; 0 is the signing key. */
  SecretKeySpec spec(int i) {
    return specs[i];
  }
}
