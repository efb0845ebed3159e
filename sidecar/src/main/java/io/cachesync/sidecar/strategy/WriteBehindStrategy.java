package io.cachesync.sidecar.strategy;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.tier.L2Tier;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * WriteBehind: a Put is appended to the cache's Redis Stream first (so it is never lost), then
 * lands in L2, L1 and peers; a consumer group across all sidecars flushes the stream to {@code
 * Store} later, at least once. If the stream cannot take the write, nothing changes and the caller
 * gets UNAVAILABLE. Reads are ReadThrough (L2 holds unflushed writes, so reads see them).
 */
class WriteBehindStrategy extends ReadThroughStrategy {
  private final WriteBehindStream stream;

  WriteBehindStrategy(
      LocalCache l1, L2Tier l2, Peers peers, LoaderClient loader, WriteBehindStream stream) {
    super(l1, l2, peers, loader);
    this.stream = stream;
  }

  @Override
  public CompletableFuture<Void> write(String key, ByteString value, long ttlNanos) {
    return appended(stream.append(key, value, false))
        .thenCompose(x -> installWrite(key, value, ttlNanos));
  }

  @Override
  public CompletableFuture<Void> delete(List<String> keys) {
    CompletableFuture<?>[] appends =
        keys.stream()
            .map(k -> appended(stream.append(k, ByteString.EMPTY, true)))
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(appends)
        .thenCompose(x -> dropEverywhere(ChangeKind.DELETED, keys));
  }

  private CompletableFuture<String> appended(CompletableFuture<String> append) {
    return append.handle(
        (id, e) -> {
          if (e != null) {
            throw new TierUnavailableException(
                "the write-behind stream "
                    + stream.key()
                    + " cannot take the write (is Redis reachable?); nothing was changed",
                e);
          }
          return id;
        });
  }
}
