package io.cachesync.sidecar.sync;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import java.nio.ByteBuffer;

/**
 * Bytes in and out, as {@link ByteArrayCodec}, except that a received key or value over the bound
 * is never copied out of the connection's buffer: it decodes to {@link #OVERSIZED}, which the
 * {@link FrameGate} counts and drops. Whoever can PUBLISH or XADD cannot make every sidecar
 * allocate a copy of a huge message, let alone decode it.
 */
final class BoundedFrameCodec implements RedisCodec<byte[], byte[]> {
  /** Stands for a message over the bound; compared by identity. */
  static final byte[] OVERSIZED = new byte[0];

  private final int maxBytes;

  BoundedFrameCodec(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public byte[] decodeKey(ByteBuffer bytes) {
    return decode(bytes);
  }

  @Override
  public byte[] decodeValue(ByteBuffer bytes) {
    return decode(bytes);
  }

  private byte[] decode(ByteBuffer bytes) {
    if (bytes != null && bytes.remaining() > maxBytes) return OVERSIZED;
    return ByteArrayCodec.INSTANCE.decodeValue(bytes);
  }

  @Override
  public ByteBuffer encodeKey(byte[] key) {
    return ByteArrayCodec.INSTANCE.encodeKey(key);
  }

  @Override
  public ByteBuffer encodeValue(byte[] value) {
    return ByteArrayCodec.INSTANCE.encodeValue(value);
  }
}
