package io.cachesync.sidecar.strategy;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.tier.L2Tier;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * WriteAround: {@code Store}, then drop everywhere (L1, L2, peers); the next read loads the stored
 * value. For data written often and read rarely, so writes do not fill caches. Reads are
 * ReadThrough.
 */
class WriteAroundStrategy extends ReadThroughStrategy {

  WriteAroundStrategy(LocalCache l1, L2Tier l2, Peers peers, LoaderClient loader) {
    super(l1, l2, peers, loader);
  }

  @Override
  public CompletableFuture<Void> write(String key, ByteString value, long ttlNanos) {
    StoreEntry entry = StoreEntry.newBuilder().setKey(key).setValue(value).build();
    return loader
        .store(l1.name(), List.of(entry))
        .thenCompose(x -> dropEverywhere(ChangeKind.UPDATED, List.of(key)));
  }

  @Override
  public CompletableFuture<Void> delete(List<String> keys) {
    return storeThenDrop(keys);
  }
}
