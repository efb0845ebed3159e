package io.cachesync.sidecar.loader;

import com.google.protobuf.ByteString;

/**
 * What the application's {@code CacheLoader.Load} answered, in the sidecar's terms: whether the key
 * exists in the store of record, its value, and the TTL the application asked for in nanoseconds
 * ({@code 0}: none given, so the cache's own {@code ttl} applies).
 */
public record LoadResult(boolean found, ByteString value, long ttlNanos) {
  private static final LoadResult NOT_FOUND = new LoadResult(false, ByteString.EMPTY, 0);

  public LoadResult {
    value = value == null ? ByteString.EMPTY : value;
    if (ttlNanos < 0) throw new IllegalArgumentException("ttlNanos must not be negative");
  }

  /** The key does not exist in the store of record. */
  public static LoadResult notFound() {
    return NOT_FOUND;
  }
}
