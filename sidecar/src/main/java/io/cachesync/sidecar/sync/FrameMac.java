package io.cachesync.sidecar.sync;

import io.cachesync.sidecar.config.SyncKeys;
import java.security.GeneralSecurityException;
import java.util.Collections;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * The HMAC-SHA256 trailer of signed frames. Signs with the current key; verifies with the current
 * key or a verify-only one (a rotation's other key, a replaced key during its grace period). The
 * keys are one immutable {@link FrameKeys} behind a volatile field, swapped whole when {@code
 * sync.keyFile} changes ({@link SyncKeyWatcher}); each thread keeps {@link Mac}s for the set it
 * last used and builds new ones only when the set changed, so signing (the hot path, on whichever
 * thread publishes) costs one volatile read more than a fixed key.
 */
public final class FrameMac {
  static final int LENGTH = 32;

  private volatile FrameKeys keys;
  private final ThreadLocal<ThreadMacs> macs = new ThreadLocal<>();
  private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[LENGTH]);

  private FrameMac(FrameKeys keys) {
    this.keys = keys;
  }

  /** The MAC of {@code keys}; null when there are none (frames go unsigned). */
  public static FrameMac of(SyncKeys keys) {
    if (keys == null) return null;
    return new FrameMac(FrameKeys.of(keys.current(), Collections.singletonList(keys.verifyOnly())));
  }

  /** From now on, sign and verify with {@code next}; threads pick it up on their next frame. */
  void use(FrameKeys next) {
    keys = next;
  }

  /** This thread's Macs for the current key set, rebuilt only when the set was swapped. */
  private Mac[] macs() {
    FrameKeys current = keys;
    ThreadMacs m = macs.get();
    if (m == null || m.keys != current) {
      m = new ThreadMacs(current);
      macs.set(m);
    }
    return m.macs;
  }

  /** Macs initialised with one key set; index 0 signs. */
  private static final class ThreadMacs {
    final FrameKeys keys;
    final Mac[] macs;

    ThreadMacs(FrameKeys keys) {
      this.keys = keys;
      this.macs = new Mac[keys.size()];
      try {
        for (int i = 0; i < macs.length; i++) {
          macs[i] = Mac.getInstance(FrameKeys.ALGORITHM);
          macs[i].init(keys.spec(i));
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JVM lacks " + FrameKeys.ALGORITHM, e);
      }
    }
  }

  /** Writes the MAC of {@code frame[0, length)} into {@code frame[length, length + 32)}. */
  void sign(byte[] frame, int length) {
    Mac mac = macs()[0];
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
    for (Mac mac : macs()) {
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
