package io.cachesync.sidecar.strategy;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.tier.L2Tier;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * WriteBehind: a Put is appended to the cache's Redis Stream, its key marked pending and its value
 * set in L2, in one step (so it is never lost, and L2 follows the stream's order); then L1 and
 * peers. A consumer group across all sidecars flushes the stream to {@code Store} later, at least
 * once. If Redis cannot take the write, nothing changes and the caller gets UNAVAILABLE.
 *
 * <p>Reads are ReadThrough, except that while a key has unflushed entries its newest one answers
 * (from L2, or from the stream when L2 lost it), and the store of record, which has not caught up,
 * is never read for it: an unflushed delete is a miss, not the store's old row.
 */
class WriteBehindStrategy extends ReadThroughStrategy {
  private final WriteBehindStream stream;

  /**
   * @param l2 the cache's tier, reading the stream's pending writes ({@link
   *     L2Tier#readingPendingWrites})
   */
  WriteBehindStrategy(
      LocalCache l1, L2Tier l2, Peers peers, LoaderClient loader, WriteBehindStream stream) {
    super(l1, l2, peers, loader);
    this.stream = stream;
  }

  @Override
  public CompletableFuture<Void> write(String key, ByteString value, long ttlNanos) {
    long token = l1.issueFillToken();
    return appended(l2.writeBehind(stream, key, value, false, ttlNanos))
        .thenCompose(
            id -> {
              l1.writeAfter(key, value, ttlNanos, token);
              return peers.drop(l1, ChangeKind.UPDATED, List.of(key));
            });
  }

  /**
   * One stream entry per key. The keys Redis took are dropped here and at the peers even when
   * others failed; the call then fails naming how many were not deleted.
   */
  @Override
  public CompletableFuture<Void> delete(List<String> keys) {
    List<CompletableFuture<String>> appends =
        keys.stream().map(k -> l2.writeBehind(stream, k, ByteString.EMPTY, true, 0)).toList();
    CompletableFuture<?>[] settled =
        appends.stream().map(f -> f.handle((id, e) -> null)).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(settled)
        .thenCompose(
            x -> {
              List<String> taken = new ArrayList<>();
              Throwable failure = null;
              for (int i = 0; i < keys.size(); i++) {
                CompletableFuture<String> f = appends.get(i);
                if (!f.isCompletedExceptionally()) taken.add(keys.get(i));
                else if (failure == null) failure = f.handle((id, e) -> e).join();
              }
              Throwable first = failure;
              int refused = keys.size() - taken.size();
              if (taken.isEmpty()) return CompletableFuture.failedFuture(refusal(refused, first));
              l1.invalidateAll(taken);
              return peers
                  .drop(l1, ChangeKind.DELETED, taken)
                  .thenApply(
                      y -> {
                        if (first != null) throw refusal(refused, first);
                        return null;
                      });
            });
  }

  private TierUnavailableException refusal(int keys, Throwable cause) {
    return new TierUnavailableException(
        "the write-behind stream "
            + stream.key()
            + " cannot take the delete of "
            + keys
            + (keys == 1 ? " key" : " keys")
            + " (is Redis reachable?); those keys were not changed",
        cause);
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
