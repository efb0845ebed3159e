package io.cachesync.spring.cache;

/**
 * What {@code Cache.evict} ({@code @CacheEvict}) asks the sidecar for. Both drop the key on this
 * sidecar, in L2 and on every peer before they return; they differ only in the store of record.
 */
public enum EvictMode {
  /**
   * Invalidate (the default): the cached copies go, the store of record is never touched. That is
   * what {@code @CacheEvict} means in Spring ("this entry is no longer valid"), whatever the
   * cache's strategy.
   */
  INVALIDATE,
  /**
   * Delete: as Invalidate, and for the strategies that own the store of record (WriteThrough,
   * WriteBehind, WriteAround) the sidecar deletes the key there too. Same as Invalidate on a
   * LookAside cache.
   */
  DELETE
}
