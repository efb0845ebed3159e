package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BoundedFrameCodecTest {
  final BoundedFrameCodec codec = new BoundedFrameCodec(1024);

  @Test
  @DisplayName("a value over the bound is not copied: it decodes to the OVERSIZED marker, unread")
  void oversizedIsNotCopied() {
    ByteBuffer big = ByteBuffer.allocate(1025);
    assertThat(codec.decodeValue(big)).isSameAs(BoundedFrameCodec.OVERSIZED);
    assertThat(codec.decodeKey(big)).isSameAs(BoundedFrameCodec.OVERSIZED);
    assertThat(big.position()).as("nothing consumed").isZero();
  }

  @Test
  @DisplayName("a value within the bound is its bytes")
  void withinBound() {
    byte[] bytes = new byte[1024];
    bytes[7] = 9;
    assertThat(codec.decodeValue(ByteBuffer.wrap(bytes))).isEqualTo(bytes).isNotSameAs(bytes);
  }

  @Test
  @DisplayName(
      "with a reply budget, values past it are deferred uncopied, and a new reply starts afresh")
  void replyBudget() {
    BoundedFrameCodec stream = new BoundedFrameCodec(1024, 2048);
    assertThat(stream.decodeValue(ByteBuffer.allocate(1000))).hasSize(1000);
    assertThat(stream.decodeValue(ByteBuffer.allocate(1000))).hasSize(1000);
    assertThat(stream.decodeValue(ByteBuffer.allocate(100))).isSameAs(BoundedFrameCodec.DEFERRED);
    assertThat(stream.decodeValue(ByteBuffer.allocate(2000))).isSameAs(BoundedFrameCodec.OVERSIZED);
    stream.newReply();
    assertThat(stream.decodeValue(ByteBuffer.allocate(1024))).hasSize(1024);
  }
}
