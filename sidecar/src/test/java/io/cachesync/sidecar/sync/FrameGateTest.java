package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.sidecar.sync.RejectedFrameException.Reason;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameGateTest {
  static final int MAX = 64 << 10;
  final FrameMac keyA = TestKeys.mac(TestKeys.A);
  final FrameGate keyed = new FrameGate(keyA, MAX);
  final FrameGate open = new FrameGate(null, MAX);
  final Frame clear = Frame.batch("pod-a", 3, List.of(Change.everything()));

  static void rejected(ThrowingCallable call, Reason reason, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(RejectedFrameException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((RejectedFrameException) e).reason).isEqualTo(reason));
  }

  @Test
  @DisplayName("a frame signed with the shared key opens; the same frame unsigned is refused")
  void signedOnly() throws Exception {
    assertThat(keyed.open(FrameCodec.encode(clear, keyA))).isEqualTo(clear);
    rejected(() -> keyed.open(FrameCodec.encode(clear)), Reason.SIGNATURE, "unsigned frame");
  }

  @Test
  @DisplayName("a frame signed with another key is refused as a signature failure")
  void otherKey() {
    byte[] forged = FrameCodec.encode(clear, TestKeys.mac(TestKeys.B));
    rejected(() -> keyed.open(forged), Reason.SIGNATURE, "MAC does not match");
  }

  @Test
  @DisplayName("flipping any bit of a signed frame, MAC included, makes it fail verification")
  void everyBitCounts() {
    byte[] ok = FrameCodec.encode(Frame.heartbeat("pod-a", 42), keyA);
    for (int i = 0; i < ok.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = ok.clone();
        flipped[i] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> keyed.open(flipped))
            .as("byte %d bit %d", i, bit)
            .isInstanceOf(RejectedFrameException.class);
      }
    }
  }

  @Test
  @DisplayName("a stripped MAC with the signed flag cleared is an unsigned frame: refused")
  void downgrade() {
    byte[] ok = FrameCodec.encode(clear, keyA);
    byte[] stripped = Arrays.copyOf(ok, ok.length - FrameMac.LENGTH);
    stripped[1] = (byte) FrameCodec.VERSION;
    rejected(() -> keyed.open(stripped), Reason.SIGNATURE, "unsigned");
  }

  @Test
  @DisplayName(
      "during a rotation frames of the verify-only key pass too; new frames use the signing key")
  void rotation() throws Exception {
    FrameMac rotating = TestKeys.rotating(TestKeys.B, TestKeys.A);
    FrameGate gate = new FrameGate(rotating, MAX);
    assertThat(gate.open(FrameCodec.encode(clear, keyA))).isEqualTo(clear);
    byte[] fresh = FrameCodec.encode(clear, rotating);
    assertThat(gate.open(fresh)).isEqualTo(clear);
    rejected(() -> keyed.open(fresh), Reason.SIGNATURE, "MAC does not match");
  }

  @Test
  @DisplayName("without a key (local mode) unsigned and signed frames both open")
  void keyless() throws Exception {
    assertThat(open.open(FrameCodec.encode(clear))).isEqualTo(clear);
    assertThat(open.open(FrameCodec.encode(clear, keyA))).isEqualTo(clear);
  }

  @Test
  @DisplayName("a message over the bound is refused before anything else looks at it")
  void oversized() {
    rejected(() -> open.open(new byte[MAX + 1]), Reason.OVERSIZED, "sync.maxFrameBytes");
    rejected(() -> keyed.open(BoundedFrameCodec.OVERSIZED), Reason.OVERSIZED, "sync.maxFrameBytes");
  }

  @Test
  @DisplayName("garbage is malformed whether or not there is a key; a signed garbage tail too")
  void garbage() {
    rejected(() -> keyed.open(new byte[] {1, 2, 3}), Reason.MALFORMED, "bad magic");
    rejected(() -> keyed.open(new byte[0]), Reason.MALFORMED, "bad magic");
    rejected(() -> open.open(new byte[] {(byte) 0xC5}), Reason.MALFORMED, "truncated");
    byte[] shortSigned = {(byte) 0xC5, (byte) 0x81, 2};
    rejected(() -> keyed.open(shortSigned), Reason.SIGNATURE, "MAC does not match");
    rejected(() -> open.open(shortSigned), Reason.MALFORMED, "shorter than its MAC");
  }
}
