package io.cachesync.sidecar.sync;

import io.cachesync.sidecar.config.SyncKeys;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 trailer of signed frames. Signs with the current key; verifies with the current
 * key or, during a rotation, the verify-only one. A {@link Mac} per thread and key, reused: frames
 * are signed on whichever thread publishes (the hot path) and verified on the subscription's
 * thread.
 */
public final class FrameMac {
  static final int LENGTH = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec[] keys;
  private final ThreadLocal<Mac[]> macs;
  private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[LENGTH]);

  private FrameMac(SecretKeySpec[] keys) {
    this.keys = keys;
    this.macs = ThreadLocal.withInitial(this::newMacs);
  }

  /** The MAC of {@code keys}; null when there are none (frames go unsigned). */
  public static FrameMac of(SyncKeys keys) {
    if (keys == null) return null;
    return keys.verifyOnly() == null
        ? new FrameMac(new SecretKeySpec[] {spec(keys.current())})
        : new FrameMac(new SecretKeySpec[] {spec(keys.current()), spec(keys.verifyOnly())});
  }

  private static SecretKeySpec spec(byte[] key) {
    return new SecretKeySpec(key, ALGORITHM);
  }

  private Mac[] newMacs() {
    Mac[] m = new Mac[keys.length];
    try {
      for (int i = 0; i < keys.length; i++) {
        m[i] = Mac.getInstance(ALGORITHM);
        m[i].init(keys[i]);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks " + ALGORITHM, e);
    }
    return m;
  }

  /** Writes the MAC of {@code frame[0, length)} into {@code frame[length, length + 32)}. */
  void sign(byte[] frame, int length) {
    Mac mac = macs.get()[0];
    mac.update(frame, 0, length);
    try {
      mac.doFinal(frame, length);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("no room for the MAC", e);
    }
  }

  /**
   * Whether the last 32 bytes of {@code frame} are the MAC of the rest under one of the keys,
   * compared in constant time so that timing tells a forger nothing.
   */
  boolean verify(byte[] frame) {
    int length = frame.length - LENGTH;
    if (length < 0) return false;
    byte[] expected = scratch.get();
    for (Mac mac : macs.get()) {
      mac.update(frame, 0, length);
      try {
        mac.doFinal(expected, 0);
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
      if (equalInConstantTime(expected, frame, length)) return true;
    }
    return false;
  }

  /** As {@code MessageDigest.isEqual}, on the trailer in place: every byte is looked at. */
  private static boolean equalInConstantTime(byte[] expected, byte[] frame, int from) {
    int diff = 0;
    for (int i = 0; i < LENGTH; i++) diff |= expected[i] ^ frame[from + i];
    return diff == 0;
  }
}
