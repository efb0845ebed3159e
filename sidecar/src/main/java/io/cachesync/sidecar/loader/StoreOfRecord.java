package io.cachesync.sidecar.loader;

import io.cachesync.api.v1.StoreEntry;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the write strategies and the write-behind flusher send changes: the application's store of
 * record. An interface rather than {@link LoaderClient} itself, so those can be tested against a
 * fake and so the sidecar never depends on how the application is reached.
 */
public interface StoreOfRecord {

  /**
   * Writes (or, for entries with {@code delete}, removes) the entries of one cache. The future
   * completes once the application confirmed all of them, or exceptionally with a {@link
   * LoaderException} whose status says why; a failed store may have been applied in part or not at
   * all, and is not retried here.
   */
  CompletableFuture<Void> store(String cache, List<StoreEntry> entries);
}
