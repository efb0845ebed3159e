package io.cachesync.sidecar.strategy;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.tier.L2Tier;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * WriteThrough: {@code Store} first; only when it succeeded L2 (the key removed), L1 and peers. A
 * failed Store changes nothing and its error goes back to the caller. The value goes into L1 only
 * if nothing changed the key while Store ran: two writes of one key in flight at once may reach the
 * store in either order, so then neither stays. Reads are ReadThrough.
 */
class WriteThroughStrategy extends ReadThroughStrategy {

  WriteThroughStrategy(LocalCache l1, L2Tier l2, Peers peers, LoaderClient loader) {
    super(l1, l2, peers, loader);
  }

  @Override
  public CompletableFuture<Void> write(String key, ByteString value, long ttlNanos) {
    long token = l1.issueFillToken();
    StoreEntry entry = StoreEntry.newBuilder().setKey(key).setValue(value).build();
    return loader
        .store(l1.name(), List.of(entry))
        .thenCompose(x -> installWrite(key, value, ttlNanos, token));
  }

  @Override
  public CompletableFuture<Void> delete(List<String> keys) {
    return storeThenDrop(keys);
  }
}
