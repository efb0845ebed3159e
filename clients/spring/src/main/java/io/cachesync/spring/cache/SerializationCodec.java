package io.cachesync.spring.cache;

import io.cachesync.client.ValueCodec;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;

/**
 * Java serialization, the default for caches without a codec of their own: like Spring Data Redis's
 * default, it takes any {@link java.io.Serializable} value a cached method returns. Give a cache a
 * JSON codec ({@link CacheCodecs#with}) when other languages read it.
 */
final class SerializationCodec implements ValueCodec<Object> {
  private final SerializingConverter out = new SerializingConverter();
  private final DeserializingConverter in;

  SerializationCodec(ClassLoader classLoader) {
    this.in = new DeserializingConverter(classLoader);
  }

  @Override
  public byte[] encode(Object value) {
    try {
      return out.convert(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot cache a "
              + value.getClass().getName()
              + " with Java serialization (is it Serializable?); give its cache a codec in a"
              + " CacheCodecs bean: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public Object decode(byte[] bytes) {
    try {
      return in.convert(bytes);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the cached value is not a Java-serialized object of a class here (written by another"
              + " codec, language or version?): "
              + e.getMessage(),
          e);
    }
  }
}
