package io.cachesync.bench;

import java.util.Arrays;

/** Values of a given size; their content does not matter, only that every series uses the same. */
public final class Values {
  private Values() {}

  public static byte[] of(int bytes) {
    byte[] v = new byte[bytes];
    Arrays.fill(v, (byte) 'v');
    return v;
  }
}
