package io.cachesync.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;

/** JSON values through a Jackson {@link ObjectMapper}; loaded only when Jackson is present. */
public final class JacksonCodec<V> implements ValueCodec<V> {
  private static final ObjectMapper DEFAULT = new ObjectMapper().findAndRegisterModules();

  private final ObjectMapper mapper;
  private final JavaType type;

  private JacksonCodec(ObjectMapper mapper, JavaType type) {
    this.mapper = mapper;
    this.type = type;
  }

  /** With a mapper that registers the modules found on the classpath (java.time, ...). */
  public static <V> JacksonCodec<V> of(Class<V> type) {
    return of(DEFAULT, type);
  }

  public static <V> JacksonCodec<V> of(ObjectMapper mapper, Class<V> type) {
    Objects.requireNonNull(mapper, "mapper");
    return new JacksonCodec<>(mapper, mapper.constructType(Objects.requireNonNull(type, "type")));
  }

  @Override
  public byte[] encode(V value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot write " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public V decode(byte[] bytes) {
    try {
      return mapper.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the cached value is not JSON for "
              + type
              + " (written by another codec or version?): "
              + e.getMessage(),
          e);
    }
  }
}
