package io.cachesync.bench.family;

/**
 * How many keys one invalidation frame carries, read straight from the sidecar's wire format
 * (version 1, see the sidecar's {@code FrameCodec}) so a light subscriber can count delivered keys
 * without the sidecar's classes on its path. Heartbeats and goodbyes carry none; a signed frame's
 * MAC comes after the keys and is not read.
 */
final class FrameKeyCount {
  private static final int MAGIC = 0xC5;
  private static final int TYPE_BATCH = 1;

  private final byte[] bytes;
  private int pos;

  private FrameKeyCount(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a version-1 frame
   */
  static long of(byte[] frame) {
    return new FrameKeyCount(frame).count();
  }

  private long count() {
    if (bytes.length < 3 || (bytes[0] & 0xFF) != MAGIC || (bytes[1] & 0x7F) != 1) {
      throw new IllegalArgumentException("not a version-1 CacheSync frame");
    }
    pos = 3;
    if (bytes[2] != TYPE_BATCH) return 0;
    skipString(); // origin
    varint(); // sequence
    long changes = varint();
    long keys = 0;
    for (long c = 0; c < changes; c++) {
      pos++; // kind
      skipString(); // cache
      long n = varint();
      for (long k = 0; k < n; k++) skipString();
      keys += n;
    }
    return keys;
  }

  private void skipString() {
    long length = varint();
    if (length > bytes.length - pos) throw new IllegalArgumentException("truncated frame");
    pos += (int) length;
  }

  private long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.length) throw new IllegalArgumentException("truncated frame");
      int b = bytes[pos++] & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return value;
    }
    throw new IllegalArgumentException("varint too long");
  }
}
