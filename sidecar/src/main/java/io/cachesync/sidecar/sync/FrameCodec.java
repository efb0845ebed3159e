package io.cachesync.sidecar.sync;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wire format of the invalidation channel, version 1:
 *
 * <pre>
 * magic 0xC5 | version 0x01 (0x81: signed) | type (1 batch, 2 heartbeat, 3 goodbye)
 *   | origin (varint length + UTF-8) | sequence (varint, never negative)
 * batch only: change count (varint), then per change: kind code (byte), cache (varint length + UTF-8),
 *             key count (varint), keys (varint length + UTF-8 each)
 * signed only: HMAC-SHA256 of every byte before it (32 bytes, {@link FrameMac})
 * </pre>
 *
 * Decoding trusts nothing: every length and count is checked against what remains before anything
 * is allocated for it, and trailing bytes are an error. It checks structure only; whether a signed
 * frame's MAC is right is {@link FrameGate}'s question, asked before this one.
 */
public final class FrameCodec {
  static final int MAGIC = 0xC5;
  static final int VERSION = 1;

  /** Set in the version byte when the frame ends in a MAC. */
  static final int SIGNED = 0x80;

  private static final int TYPE_BATCH = 1;
  private static final int TYPE_HEARTBEAT = 2;
  private static final int TYPE_GOODBYE = 3;

  /** The fewest bytes a change takes (kind, empty cache, no keys): bounds a declared count. */
  private static final int MIN_CHANGE_BYTES = 3;

  private FrameCodec() {}

  /** An unsigned frame, as a sidecar without {@code sync.keyFile} sends. */
  public static byte[] encode(Frame frame) {
    return encode(frame, null);
  }

  /** Signed with {@code mac} when it is not null: one copy of the bytes, as unsigned. */
  public static byte[] encode(Frame frame, FrameMac mac) {
    Buffer out = new Buffer();
    out.write(MAGIC);
    out.write(mac == null ? VERSION : VERSION | SIGNED);
    out.write(
        switch (frame.type()) {
          case BATCH -> TYPE_BATCH;
          case HEARTBEAT -> TYPE_HEARTBEAT;
          case GOODBYE -> TYPE_GOODBYE;
        });
    writeString(out, frame.origin());
    writeVarint(out, frame.sequence());
    if (frame.type() == Frame.Type.BATCH) {
      writeVarint(out, frame.changes().size());
      for (Change c : frame.changes()) {
        out.write(c.kind().code());
        writeString(out, c.cache());
        writeVarint(out, c.keys().size());
        for (String key : c.keys()) writeString(out, key);
      }
    }
    if (mac == null) return out.toByteArray();
    byte[] signed = out.copyWithRoom(FrameMac.LENGTH);
    mac.sign(signed, out.size());
    return signed;
  }

  /** Whether {@code bytes} claim to end in a MAC (they may still be garbage). */
  static boolean signed(byte[] bytes) {
    return bytes.length >= 2 && (bytes[1] & SIGNED) != 0;
  }

  public static Frame decode(byte[] bytes) throws MalformedFrameException {
    int end = bytes.length;
    if (signed(bytes)) {
      end -= FrameMac.LENGTH;
      if (end < 2) throw new MalformedFrameException("truncated frame (shorter than its MAC)");
    }
    Reader in = new Reader(bytes, end);
    if (in.u8() != MAGIC)
      throw new MalformedFrameException("not a CacheSync frame (bad magic byte)");
    int version = in.u8() & ~SIGNED;
    if (version != VERSION)
      throw new MalformedFrameException("unsupported frame version " + version);
    int type = in.u8();
    String origin = in.string();
    if (origin.isEmpty()) throw new MalformedFrameException("empty origin");
    long sequence = in.varint();
    if (sequence < 0) throw new MalformedFrameException("negative sequence number " + sequence);
    Frame frame;
    if (type == TYPE_HEARTBEAT) {
      frame = Frame.heartbeat(origin, sequence);
    } else if (type == TYPE_GOODBYE) {
      frame = Frame.goodbye(origin, sequence);
    } else if (type == TYPE_BATCH) {
      int count = in.count(MIN_CHANGE_BYTES);
      // sized by what was read, not by what the frame declares
      List<Change> changes = new ArrayList<>(Math.min(count, 16));
      for (int i = 0; i < count; i++) {
        ChangeKind kind = ChangeKind.ofCode(in.u8());
        if (kind == null) throw new MalformedFrameException("unknown change kind");
        String cache = in.string();
        int keyCount = in.count(1);
        List<String> keys = new ArrayList<>(Math.min(keyCount, 16));
        for (int k = 0; k < keyCount; k++) keys.add(in.string());
        changes.add(new Change(kind, cache, keys));
      }
      frame = Frame.batch(origin, sequence, changes);
    } else {
      throw new MalformedFrameException("unknown frame type " + type);
    }
    if (in.remaining() != 0) throw new MalformedFrameException(in.remaining() + " trailing bytes");
    return frame;
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarint(out, b.length);
    out.writeBytes(b);
  }

  private static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** Lets the encoder append the MAC to the bytes it wrote without a second copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(64);
    }

    byte[] copyWithRoom(int extra) {
      return Arrays.copyOf(buf, count + extra);
    }
  }

  private static final class Reader {
    private final byte[] b;
    private final int end;
    private int pos;

    Reader(byte[] b, int end) {
      this.b = b;
      this.end = end;
    }

    int remaining() {
      return end - pos;
    }

    int u8() throws MalformedFrameException {
      if (pos >= end) throw new MalformedFrameException("truncated frame");
      return b[pos++] & 0xFF;
    }

    long varint() throws MalformedFrameException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        if (shift == 63 && x > 1) throw new MalformedFrameException("varint longer than 64 bits");
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) return v;
      }
      throw new MalformedFrameException("varint longer than 64 bits");
    }

    /**
     * A count or length whose items take at least {@code minBytes} each: it can never claim more
     * than the bytes left can hold, which bounds every allocation by the frame's real size.
     */
    int count(int minBytes) throws MalformedFrameException {
      long n = varint();
      if (n < 0 || n > remaining() / minBytes)
        throw new MalformedFrameException("length " + n + " exceeds the frame");
      return (int) n;
    }

    String string() throws MalformedFrameException {
      int n = count(1);
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }
  }
}
