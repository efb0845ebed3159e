package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  @Test
  @DisplayName(
      "a batch, a heartbeat and a goodbye survive encoding, unicode keys and large sequence numbers included")
  void roundTrip() throws Exception {
    Frame batch =
        Frame.batch(
            "pod-a-1f2e",
            Long.MAX_VALUE,
            List.of(
                Change.keys(ChangeKind.UPDATED, "books", List.of("isbn:1", "ключ", "")),
                Change.cleared("authors"),
                Change.everything()));
    assertThat(FrameCodec.decode(FrameCodec.encode(batch))).isEqualTo(batch);
    Frame hb = Frame.heartbeat("pod-b", 42);
    assertThat(FrameCodec.decode(FrameCodec.encode(hb))).isEqualTo(hb);
    Frame bye = Frame.goodbye("pod-c", 7);
    assertThat(FrameCodec.decode(FrameCodec.encode(bye))).isEqualTo(bye);
  }

  @Test
  @DisplayName("every truncation of a valid frame is rejected, never misread")
  void truncations() {
    byte[] full =
        FrameCodec.encode(
            Frame.batch(
                "o", 3, List.of(Change.keys(ChangeKind.DELETED, "c", List.of("k1", "k2")))));
    for (int n = 0; n < full.length; n++) {
      byte[] cut = Arrays.copyOf(full, n);
      assertThatThrownBy(() -> FrameCodec.decode(cut)).isInstanceOf(MalformedFrameException.class);
    }
  }

  @Test
  @DisplayName(
      "bad magic, unknown version, type or kind, trailing bytes and absurd lengths are each named")
  void malformed() {
    byte[] ok = FrameCodec.encode(Frame.heartbeat("o", 1));
    assertThatThrownBy(() -> FrameCodec.decode(new byte[] {1, 2, 3}))
        .hasMessageContaining("bad magic");
    byte[] v2 = ok.clone();
    v2[1] = 2;
    assertThatThrownBy(() -> FrameCodec.decode(v2))
        .hasMessageContaining("unsupported frame version 2");
    byte[] type = ok.clone();
    type[2] = 9;
    assertThatThrownBy(() -> FrameCodec.decode(type)).hasMessageContaining("unknown frame type 9");
    byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
    assertThatThrownBy(() -> FrameCodec.decode(trailing)).hasMessageContaining("1 trailing bytes");
    byte[] huge = {(byte) 0xC5, 1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
    assertThatThrownBy(() -> FrameCodec.decode(huge)).hasMessageContaining("exceeds the frame");
    byte[] kind = FrameCodec.encode(Frame.batch("o", 1, List.of(Change.cleared("c"))));
    kind[kind.length - 4] = 2; // the change's kind byte: 2 is not a kind
    assertThatThrownBy(() -> FrameCodec.decode(kind)).hasMessageContaining("unknown change kind");
  }

  @Test
  @DisplayName("random bytes never escape as anything but MalformedFrameException")
  void fuzz() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(40)];
      random.nextBytes(b);
      if (b.length > 1 && random.nextBoolean()) {
        b[0] = (byte) 0xC5;
        b[1] = 1;
      }
      try {
        FrameCodec.decode(b);
      } catch (MalformedFrameException expected) {
        // the only way out besides a valid frame
      }
    }
  }

  @Test
  @DisplayName(
      "a signed frame carries a flag and a 32-byte MAC trailer and decodes to the same frame")
  void signedLayout() throws Exception {
    Frame batch =
        Frame.batch("pod-a", 9, List.of(Change.keys(ChangeKind.INVALIDATED, "c", List.of("k"))));
    byte[] plain = FrameCodec.encode(batch);
    byte[] signed = FrameCodec.encode(batch, TestKeys.mac(TestKeys.A));
    assertThat(signed).hasSize(plain.length + 32);
    assertThat(signed[1]).isEqualTo((byte) 0x81);
    assertThat(Arrays.copyOfRange(signed, 2, plain.length))
        .isEqualTo(Arrays.copyOfRange(plain, 2, plain.length));
    assertThat(FrameCodec.decode(signed)).isEqualTo(batch);
  }

  @Test
  @DisplayName(
      "declared counts past what the bytes left can hold fail at once, before anything is sized by them")
  void hugeDeclaredCounts() {
    // batch from "o", sequence 1, then a change count of 2^31-1 with three bytes left
    byte[] changes = {
      (byte) 0xC5,
      1,
      1,
      1,
      'o',
      1,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      0x07,
      1,
      0,
      0
    };
    assertThatThrownBy(() -> FrameCodec.decode(changes)).hasMessageContaining("exceeds the frame");
    // one change of kind 1, cache "", and a key count of 2^31-1
    byte[] keys = {
      (byte) 0xC5,
      1,
      1,
      1,
      'o',
      1,
      1,
      1,
      0,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      0x07
    };
    assertThatThrownBy(() -> FrameCodec.decode(keys)).hasMessageContaining("exceeds the frame");
    byte[] negative = {
      (byte) 0xC5,
      1,
      2,
      1,
      'o',
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      1
    };
    assertThatThrownBy(() -> FrameCodec.decode(negative)).hasMessageContaining("negative sequence");
    byte[] tooLong = negative.clone();
    tooLong[tooLong.length - 1] = 2;
    assertThatThrownBy(() -> FrameCodec.decode(tooLong)).hasMessageContaining("longer than 64");
  }
}
