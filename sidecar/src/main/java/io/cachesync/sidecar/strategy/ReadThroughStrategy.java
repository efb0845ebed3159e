package io.cachesync.sidecar.strategy;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.loader.LoadResult;
import io.cachesync.sidecar.loader.LoaderClient;
import io.cachesync.sidecar.loader.SingleFlight;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.tier.L2Tier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * ReadThrough: a miss goes to L2, then to the application's {@code CacheLoader.Load}, one load per
 * key at a time in this sidecar. A loaded value is installed with the token taken before the load,
 * so one that an invalidation overtook is not installed. Writes are as LookAside.
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
    return flights.run(key, () -> loadThroughTiers(key));
  }

  /** L2 in one MGET (via the base), then one load per key still missing. */
  @Override
  public CompletableFuture<Map<String, ByteString>> onMisses(List<String> keys) {
    return super.onMisses(keys)
        .thenCompose(
            fromL2 -> {
              Map<String, CompletableFuture<Miss>> loads = new HashMap<>();
              for (String key : keys) {
                if (!fromL2.containsKey(key)) loads.put(key, onMiss(key));
              }
              return CompletableFuture.allOf(loads.values().toArray(CompletableFuture[]::new))
                  .thenApply(
                      x -> {
                        Map<String, ByteString> found = new HashMap<>(fromL2);
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

  /** Runs once per key at a time: re-checks L1 (a flight that just ended may have filled it). */
  private CompletableFuture<Miss> loadThroughTiers(String key) {
    ByteString filled = l1.get(key);
    if (filled != null) return CompletableFuture.completedFuture(Miss.found(filled));
    long token = l1.issueFillToken();
    CompletableFuture<ByteString> fromL2 =
        l2 == null ? CompletableFuture.completedFuture(null) : l2.get(key);
    return fromL2.thenCompose(
        v -> {
          if (v != null) {
            l1.fill(key, v, 0, token);
            return CompletableFuture.completedFuture(Miss.found(v));
          }
          return loader.load(l1.name(), key).thenCompose(r -> install(key, r, token));
        });
  }

  private CompletableFuture<Miss> install(String key, LoadResult r, long token) {
    if (!r.found()) return CompletableFuture.completedFuture(Miss.notFound(0));
    boolean applied = l1.fill(key, r.value(), r.ttlNanos(), token);
    CompletableFuture<Boolean> tier =
        !applied || l2 == null
            ? CompletableFuture.completedFuture(true)
            : l2.setIfAbsent(key, r.value(), r.ttlNanos());
    return tier.thenApply(x -> Miss.found(r.value()));
  }
}
