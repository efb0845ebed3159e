package io.cachesync.spring.cache;

import io.cachesync.client.ValueCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link ValueCodec} each cache's values go through: one per cache name, else the fallback.
 * Declare one as a bean to replace the default (Java serialization for every cache):
 *
 * <pre>{@code
 * @Bean CacheCodecs cacheCodecs() { return CacheCodecs.serialization().with("books", ValueCodec.json(Book.class)); }
 * }</pre>
 */
public record CacheCodecs(ValueCodec<?> fallback, Map<String, ValueCodec<?>> perCache) {
  public CacheCodecs {
    Objects.requireNonNull(fallback, "fallback");
    perCache = Map.copyOf(perCache);
  }

  /** Java serialization for every cache, through the starter's class loader. */
  public static CacheCodecs serialization() {
    return new CacheCodecs(new SerializationCodec(CacheCodecs.class.getClassLoader()), Map.of());
  }

  /** Every cache through {@code codec}. */
  public static CacheCodecs of(ValueCodec<?> codec) {
    return new CacheCodecs(codec, Map.of());
  }

  /** These codecs, with {@code cache}'s values through {@code codec}. */
  public CacheCodecs with(String cache, ValueCodec<?> codec) {
    Map<String, ValueCodec<?>> more = new HashMap<>(perCache);
    more.put(Objects.requireNonNull(cache, "cache"), Objects.requireNonNull(codec, "codec"));
    return new CacheCodecs(fallback, more);
  }

  /** The codec of {@code cache}, seen as one of Objects: Spring hands a cache any value. */
  @SuppressWarnings("unchecked")
  public ValueCodec<Object> codecFor(String cache) {
    return (ValueCodec<Object>) perCache.getOrDefault(cache, fallback);
  }
}
