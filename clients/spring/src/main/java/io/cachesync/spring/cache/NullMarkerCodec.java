package io.cachesync.spring.cache;

import io.cachesync.client.ValueCodec;
import java.util.Arrays;
import org.springframework.cache.support.NullValue;

/**
 * Stores Spring's {@link NullValue} (a cached "no such value", {@code allowNullValues}) as a fixed
 * marker and everything else through the delegate, byte for byte, so other clients of the cache
 * read the same bytes as without the starter. The marker starts with a NUL byte, which neither
 * JSON, UTF-8 text nor Java serialization (0xACED) ever starts with; a delegate that could write
 * exactly these 16 bytes must not be combined with null values.
 */
final class NullMarkerCodec implements ValueCodec<Object> {
  static final byte[] MARKER =
      "\0cachesync:null\0".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final ValueCodec<Object> delegate;

  NullMarkerCodec(ValueCodec<Object> delegate) {
    this.delegate = delegate;
  }

  @Override
  public byte[] encode(Object value) {
    return value == NullValue.INSTANCE ? MARKER.clone() : delegate.encode(value);
  }

  @Override
  public Object decode(byte[] bytes) {
    return Arrays.equals(bytes, MARKER) ? NullValue.INSTANCE : delegate.decode(bytes);
  }
}
