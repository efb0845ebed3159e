package io.cachesync.sidecar.sync;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of the invalidation channel, version 1:
 *
 * <pre>
 * magic 0xC5 | version 0x01 | type (1 batch, 2 heartbeat, 3 goodbye) | origin (varint length + UTF-8) | sequence (varint)
 * batch only: change count (varint), then per change: kind code (byte), cache (varint length + UTF-8),
 *             key count (varint), keys (varint length + UTF-8 each)
 * </pre>
 *
 * Decoding trusts nothing: every length is checked against what remains, and trailing bytes are an
 * error.
 */
public final class FrameCodec {
  static final int MAGIC = 0xC5;
  static final int VERSION = 1;
  private static final int TYPE_BATCH = 1;
  private static final int TYPE_HEARTBEAT = 2;
  private static final int TYPE_GOODBYE = 3;

  private FrameCodec() {}

  public static byte[] encode(Frame frame) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(MAGIC);
    out.write(VERSION);
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
    return out.toByteArray();
  }

  public static Frame decode(byte[] bytes) throws MalformedFrameException {
    Reader in = new Reader(bytes);
    if (in.u8() != MAGIC)
      throw new MalformedFrameException("not a CacheSync frame (bad magic byte)");
    int version = in.u8();
    if (version != VERSION)
      throw new MalformedFrameException("unsupported frame version " + version);
    int type = in.u8();
    String origin = in.string();
    if (origin.isEmpty()) throw new MalformedFrameException("empty origin");
    long sequence = in.varint();
    Frame frame;
    if (type == TYPE_HEARTBEAT) {
      frame = Frame.heartbeat(origin, sequence);
    } else if (type == TYPE_GOODBYE) {
      frame = Frame.goodbye(origin, sequence);
    } else if (type == TYPE_BATCH) {
      int count = in.count();
      List<Change> changes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        ChangeKind kind = ChangeKind.ofCode(in.u8());
        if (kind == null) throw new MalformedFrameException("unknown change kind");
        String cache = in.string();
        int keyCount = in.count();
        List<String> keys = new ArrayList<>(keyCount);
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

  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    int remaining() {
      return b.length - pos;
    }

    int u8() throws MalformedFrameException {
      if (pos >= b.length) throw new MalformedFrameException("truncated frame");
      return b[pos++] & 0xFF;
    }

    long varint() throws MalformedFrameException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) return v;
      }
      throw new MalformedFrameException("varint longer than 64 bits");
    }

    /** A count or length: it can never exceed the bytes left, which bounds every allocation. */
    int count() throws MalformedFrameException {
      long n = varint();
      if (n < 0 || n > remaining())
        throw new MalformedFrameException("length " + n + " exceeds the frame");
      return (int) n;
    }

    String string() throws MalformedFrameException {
      int n = count();
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }
  }
}
