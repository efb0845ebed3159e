package io.cachesync.sidecar.strategy;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.loader.LoadResult;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.loader.SingleFlight;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.tier.L2Read;
import io.cachesync.sidecar.tier.L2Tier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * ReadThrough: a miss goes to L2, then to the application's {@code CacheLoader.Load}, one load per
 * key at a time in this sidecar. A loaded value is installed with the token taken before the load,
 * so one that an invalidation overtook is not installed, nor lands in L2 (its lease is broken). A
 * request that arrives after an invalidation of its key does not join a load begun before it.
 * Writes are as LookAside.
 */
class ReadThroughStrategy extends CacheStrategy {
  protected final LoaderClient loader;
  private final SingleFlight<String, Miss> flights = new SingleFlight<>();

  ReadThroughStrategy(LocalCache l1, L2Tier l2, Peers peers, LoaderClient loader) {
    super(l1, l2, peers);
    this.loader = loader;
  }

  @Override
  public CompletableFuture<Miss> onMiss(String key) {
    return flight(key, l1.issueFillToken(), true);
  }

  /** L2 in one step for all keys, then one load per key still missing that the store may answer. */
  @Override
  public CompletableFuture<Map<String, ByteString>> onMisses(List<String> keys, long token) {
    CompletableFuture<Map<String, L2Read>> fromL2 =
        l2 == null ? CompletableFuture.completedFuture(Map.of()) : l2.readMany(keys, token);
    return fromL2.thenCompose(
        reads -> {
          if (reads.values().stream().anyMatch(L2Read::pendingUnknown)) {
            return CompletableFuture.failedFuture(pendingUnknown());
          }
          Map<String, ByteString> found = installFound(reads, token);
          Map<String, CompletableFuture<Miss>> loads = new HashMap<>();
          for (String key : keys) {
            L2Read r = reads.get(key);
            if (r == null || r.storeMayAnswer()) loads.put(key, flight(key, token, false));
          }
          return CompletableFuture.allOf(loads.values().toArray(CompletableFuture[]::new))
              .thenApply(
                  x -> {
                    loads.forEach(
                        (k, f) -> {
                          Miss m = f.join();
                          if (m.found()) found.put(k, m.value());
                        });
                    return found;
                  });
        });
  }

  @Override
  public boolean applicationFills() {
    return false;
  }

  @Override
  public CompletableFuture<Boolean> fill(String key, ByteString value, long ttlNanos, long token) {
    throw noFills();
  }

  /** Deletes in the store of record first, then everywhere: WriteThrough and WriteAround. */
  protected CompletableFuture<Void> storeThenDrop(List<String> keys) {
    List<StoreEntry> entries =
        keys.stream().map(k -> StoreEntry.newBuilder().setKey(k).setDelete(true).build()).toList();
    return loader
        .store(l1.name(), entries)
        .thenCompose(x -> dropEverywhere(ChangeKind.DELETED, keys));
  }

  /**
   * Joins the load of {@code key} in flight if nothing changed the key since it began, else starts
   * one under {@code token} ({@code readL2}: whether it still has to look in L2).
   */
  private CompletableFuture<Miss> flight(String key, long token, boolean readL2) {
    return flights.run(
        key,
        token,
        began -> l1.unchangedSince(key, began),
        began -> loadThroughTiers(key, began, readL2));
  }

  /** Runs once per key at a time: re-checks L1 (a flight that just ended may have filled it). */
  private CompletableFuture<Miss> loadThroughTiers(String key, long token, boolean readL2) {
    ByteString filled = l1.get(key);
    if (filled != null) return CompletableFuture.completedFuture(Miss.found(filled));
    CompletableFuture<L2Read> fromL2 =
        !readL2 || l2 == null
            ? CompletableFuture.completedFuture(L2Read.absent())
            : l2.read(key, token);
    return fromL2.thenCompose(
        r -> {
          if (r.found()) {
            l1.fill(key, r.value(), 0, token);
            return CompletableFuture.completedFuture(Miss.found(r.value()));
          }
          if (r.pendingUnknown()) return CompletableFuture.failedFuture(pendingUnknown());
          // an unflushed delete: the store has not seen it, and must not answer
          if (!r.storeMayAnswer()) return CompletableFuture.completedFuture(Miss.notFound(0));
          return loader.load(l1.name(), key).thenCompose(loaded -> install(key, loaded, token));
        });
  }

  /**
   * The WriteBehind stream's shard did not answer (Redis Cluster): the store may lack the key's
   * newest write, so it is not read, and the caller is told to retry rather than given its old row.
   */
  private TierUnavailableException pendingUnknown() {
    return new TierUnavailableException(
        "cache "
            + l1.name()
            + ": the Redis shard of its write-behind stream does not answer, so whether the store of"
            + " record has its newest writes is unknown and it is not read; retry once Redis"
            + " answers");
  }

  private CompletableFuture<Miss> install(String key, LoadResult r, long token) {
    if (!r.found()) return CompletableFuture.completedFuture(Miss.notFound(0));
    boolean applied = l1.fill(key, r.value(), r.ttlNanos(), token);
    CompletableFuture<Boolean> tier =
        !applied || l2 == null
            ? CompletableFuture.completedFuture(true)
            : l2.fill(key, r.value(), r.ttlNanos(), token);
    return tier.thenApply(x -> Miss.found(r.value()));
  }
}
