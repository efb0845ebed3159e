package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The codec and the gate against arbitrary input: valid frames survive, and nothing else gets
 * through as anything but a counted rejection (no other exception, no allocation by a declared
 * size, no hang).
 */
class FrameCodecProperties {
  static final FrameMac KEY = TestKeys.mac(TestKeys.A);
  static final FrameGate KEYED = new FrameGate(KEY, 1 << 20);
  static final FrameGate OPEN = new FrameGate(null, 1 << 20);

  @Provide
  Arbitrary<Frame> frames() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
    Arbitrary<String> origin = Arbitraries.strings().ofMinLength(1).ofMaxLength(30);
    Arbitrary<Long> sequence = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<Change> change =
        Combinators.combine(Arbitraries.of(ChangeKind.class), text, text.list().ofMaxSize(8))
            .as(Change::new);
    Arbitrary<Frame> batch =
        Combinators.combine(origin, sequence, change.list().ofMaxSize(6)).as(Frame::batch);
    Arbitrary<Frame> heartbeat = Combinators.combine(origin, sequence).as(Frame::heartbeat);
    Arbitrary<Frame> goodbye = Combinators.combine(origin, sequence).as(Frame::goodbye);
    return Arbitraries.oneOf(batch, heartbeat, goodbye);
  }

  @Property
  @Label("every frame survives encoding, signed or not, and a signed one passes the keyed gate")
  void roundTrip(@ForAll("frames") Frame frame) throws Exception {
    assertThat(FrameCodec.decode(FrameCodec.encode(frame))).isEqualTo(frame);
    byte[] signed = FrameCodec.encode(frame, KEY);
    assertThat(KEYED.open(signed)).isEqualTo(frame);
    assertThat(OPEN.open(signed)).isEqualTo(frame);
  }

  @Property(tries = 3000)
  @Label("random bytes, some with a frame's header, are a frame or a rejection, nothing else")
  void randomBytes(@ForAll @Size(max = 200) byte[] bytes, @ForAll @IntRange(max = 2) int header) {
    if (header > 0 && bytes.length > 2) {
      bytes[0] = (byte) FrameCodec.MAGIC;
      bytes[1] = (byte) (header == 1 ? 1 : 0x81);
    }
    decodesOrRejects(bytes);
  }

  @Property
  @Label("every truncation of a signed frame is refused by the keyed gate")
  void truncations(@ForAll("frames") Frame frame, @ForAll @IntRange(max = 10_000) int cut) {
    byte[] signed = FrameCodec.encode(frame, KEY);
    byte[] truncated = Arrays.copyOf(signed, cut % signed.length);
    assertThatThrownBy(() -> KEYED.open(truncated)).isInstanceOf(RejectedFrameException.class);
    decodesOrRejects(truncated);
  }

  @Property
  @Label("a bit flipped anywhere in a signed frame is refused by the keyed gate")
  void bitFlips(
      @ForAll("frames") Frame frame,
      @ForAll @IntRange(max = 100_000) int at,
      @ForAll @IntRange(max = 7) int bit) {
    byte[] flipped = FrameCodec.encode(frame, KEY);
    flipped[at % flipped.length] ^= (byte) (1 << bit);
    assertThatThrownBy(() -> KEYED.open(flipped)).isInstanceOf(RejectedFrameException.class);
    decodesOrRejects(flipped);
  }

  @Property
  @Label("a huge varint spliced into a valid frame is a rejection, never an allocation of its size")
  void hugeDeclaredLengths(
      @ForAll("frames") Frame frame,
      @ForAll @IntRange(max = 10_000) int at,
      @ForAll("huge") long declared,
      @ForAll boolean replace) {
    byte[] plain = FrameCodec.encode(frame);
    int pos = 3 + at % Math.max(1, plain.length - 3); // past the header, into the lengths
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, Math.min(pos, plain.length));
    long v = declared;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    int skip = replace ? 1 : 0;
    if (pos + skip < plain.length) out.write(plain, pos + skip, plain.length - pos - skip);
    decodesOrRejects(out.toByteArray());
  }

  @Provide
  Arbitrary<Long> huge() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1L << 20, Long.MAX_VALUE),
        Arbitraries.of(-1L, Long.MIN_VALUE, (long) Integer.MAX_VALUE, 1L << 32));
  }

  /** Through both gates: a frame, or a RejectedFrameException; the codec: MalformedFrame only. */
  static void decodesOrRejects(byte[] bytes) {
    for (FrameGate gate : List.of(KEYED, OPEN)) {
      try {
        gate.open(bytes);
      } catch (RejectedFrameException expected) {
        // counted and dropped
      }
    }
    try {
      FrameCodec.decode(bytes);
    } catch (MalformedFrameException expected) {
      // counted and dropped
    }
  }
}
