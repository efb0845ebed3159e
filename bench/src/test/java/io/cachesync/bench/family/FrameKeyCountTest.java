package io.cachesync.bench.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.sidecar.sync.Change;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.sync.Frame;
import io.cachesync.sidecar.sync.FrameCodec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The light subscribers' key count must agree with the sidecar's own codec, byte for byte. */
class FrameKeyCountTest {

  @Test
  @DisplayName("a batch frame's keys are counted across its changes, whatever their lengths")
  void countsBatchKeys() {
    List<String> many = IntStream.range(0, 200).mapToObj(i -> "k-" + "x".repeat(i)).toList();
    Frame frame =
        Frame.batch(
            "origin-" + "o".repeat(150),
            300_000,
            List.of(
                Change.keys(ChangeKind.INVALIDATED, "bench", many),
                Change.keys(ChangeKind.INVALIDATED, "other", List.of("a", "b", "c")),
                Change.cleared("bench")));

    assertThat(FrameKeyCount.of(FrameCodec.encode(frame))).isEqualTo(203);
  }

  @Test
  @DisplayName("heartbeats and goodbyes carry no keys")
  void heartbeatsCarryNone() {
    assertThat(FrameKeyCount.of(FrameCodec.encode(Frame.heartbeat("o", 42)))).isZero();
    assertThat(FrameKeyCount.of(FrameCodec.encode(Frame.goodbye("o", 42)))).isZero();
  }

  @Test
  @DisplayName("bytes that are no frame, or a truncated one, are refused with a reason")
  void refusesGarbage() {
    byte[] frame =
        FrameCodec.encode(
            Frame.batch(
                "o", 1, List.of(Change.keys(ChangeKind.INVALIDATED, "bench", List.of("key")))));

    assertThatThrownBy(() -> FrameKeyCount.of("hello".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a version-1 CacheSync frame");
    assertThatThrownBy(() -> FrameKeyCount.of(Arrays.copyOf(frame, frame.length - 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }
}
