package io.cachesync.client;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns an application key into the sidecar's string key. Must be injective (two keys, two
 * strings), or two entries would share one slot.
 */
@FunctionalInterface
public interface KeyMapper<K> {
  String toKey(K key);

  /** Strings as they are. */
  static KeyMapper<String> strings() {
    return key -> key;
  }

  /** Any key through {@code mapping}, e.g. {@code KeyMapper.of(Isbn::value)}. */
  static <K> KeyMapper<K> of(Function<? super K, String> mapping) {
    Objects.requireNonNull(mapping, "mapping");
    return mapping::apply;
  }

  /** {@code String.valueOf(key)}: numbers, UUIDs, enums. */
  static <K> KeyMapper<K> toStringKeys() {
    return String::valueOf;
  }
}
