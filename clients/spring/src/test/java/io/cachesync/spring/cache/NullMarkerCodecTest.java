package io.cachesync.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.client.ValueCodec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.cache.support.NullValue;

class NullMarkerCodecTest {
  private final ValueCodec<Object> serialization = CacheCodecs.serialization().codecFor("any");

  @Test
  @DisplayName("a cached null comes back as Spring's NullValue, other values byte for byte")
  void roundTrip() {
    NullMarkerCodec codec = new NullMarkerCodec(serialization);
    assertThat(codec.decode(codec.encode(NullValue.INSTANCE))).isSameAs(NullValue.INSTANCE);
    assertThat(codec.encode("a title")).isEqualTo(serialization.encode("a title"));
    assertThat(codec.decode(codec.encode("a title"))).isEqualTo("a title");
  }

  @Test
  @DisplayName("the marker cannot be mistaken for text, JSON or a serialized object")
  void markerIsDistinct() {
    assertThat(NullMarkerCodec.MARKER[0]).isZero();
    assertThat(serialization.encode("").length).isGreaterThan(1);
    assertThat(serialization.encode("")[0]).isEqualTo((byte) 0xAC);
  }

  @Test
  @DisplayName("a value Java serialization cannot write fails naming the cure")
  void notSerializable() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> serialization.encode(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Serializable")
        .hasMessageContaining("CacheCodecs");
  }
}
