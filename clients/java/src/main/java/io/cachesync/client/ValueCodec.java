package io.cachesync.client;

import java.nio.charset.StandardCharsets;

/**
 * Turns values into the bytes the sidecar stores and back. With L0 on, decoded values are shared by
 * every reader of the entry: use immutable values (records, Strings) or do not mutate them.
 */
public interface ValueCodec<V> {
  byte[] encode(V value);

  V decode(byte[] bytes);

  /** The bytes as they are. */
  static ValueCodec<byte[]> bytes() {
    return new ValueCodec<>() {
      @Override
      public byte[] encode(byte[] value) {
        return value;
      }

      @Override
      public byte[] decode(byte[] bytes) {
        return bytes;
      }
    };
  }

  /** Strings as UTF-8. */
  static ValueCodec<String> utf8() {
    return new ValueCodec<>() {
      @Override
      public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
    };
  }

  /**
   * JSON through Jackson's ObjectMapper, which the application brings; {@link JacksonCodec#of}
   * takes a configured mapper.
   *
   * @throws IllegalStateException when jackson-databind is not on the classpath, saying what to add
   */
  static <V> ValueCodec<V> json(Class<V> type) {
    JsonSupport.require(ValueCodec.class.getClassLoader());
    return JacksonCodec.of(type);
  }
}
