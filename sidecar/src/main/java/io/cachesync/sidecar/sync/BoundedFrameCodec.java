package io.cachesync.sidecar.sync;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import java.nio.ByteBuffer;

/**
 * Bytes in and out, as {@link ByteArrayCodec}, except that a received key or value over the bound
 * is never copied out of the connection's buffer: it decodes to {@link #OVERSIZED}, which the
 * {@link FrameGate} counts and drops. Whoever can PUBLISH or XADD cannot make every sidecar
 * allocate a copy of a huge message, let alone decode it.
 *
 * <p>With a reply budget (the frames stream's reader), one reply also copies no more than the
 * budget: the values past it decode to {@link #DEFERRED} and are read again by the next XREAD, so a
 * burst of large entries cannot add up to one huge reply in memory.
 */
final class BoundedFrameCodec implements RedisCodec<byte[], byte[]> {
  /** Stands for a message over the bound; compared by identity. */
  static final byte[] OVERSIZED = new byte[0];

  /** Stands for a value left for the next read, past the reply budget; compared by identity. */
  static final byte[] DEFERRED = new byte[0];

  private final int maxBytes;
  private final long replyBudget;

  /** Bytes copied since {@link #newReply}; written on the connection's I/O thread only. */
  private volatile long copied;

  BoundedFrameCodec(int maxBytes) {
    this(maxBytes, Long.MAX_VALUE);
  }

  /**
   * @param replyBudget at least {@code maxBytes}, so the first value of a reply always fits
   */
  BoundedFrameCodec(int maxBytes, long replyBudget) {
    this.maxBytes = maxBytes;
    this.replyBudget = Math.max(maxBytes, replyBudget);
  }

  /** Before a command whose reply the budget bounds: nothing of it copied yet. */
  void newReply() {
    copied = 0;
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
    if (bytes == null) return ByteArrayCodec.INSTANCE.decodeValue(null);
    int n = bytes.remaining();
    if (n > maxBytes) return OVERSIZED;
    if (replyBudget != Long.MAX_VALUE) {
      if (copied + n > replyBudget) return DEFERRED;
      copied += n;
    }
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
