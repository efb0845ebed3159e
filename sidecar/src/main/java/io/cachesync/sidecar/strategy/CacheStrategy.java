package io.cachesync.sidecar.strategy;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.tier.L2Tier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How one cache meets its store of record (DESIGN.md, "Strategies"). The L1 hit path never comes
 * here: the service answers hits itself, and calls a strategy for misses and changes. This base is
 * LookAside; the other strategies override what differs.
 */
public class CacheStrategy {
  protected final LocalCache l1;
  protected final L2Tier l2;
  protected final Peers peers;

  CacheStrategy(LocalCache l1, L2Tier l2, Peers peers) {
    this.l1 = l1;
    this.l2 = l2;
    this.peers = peers;
  }

  public LocalCache cache() {
    return l1;
  }

  /** An L1 miss: L2 if there is one, else nothing but a fill token for the application. */
  public CompletableFuture<Miss> onMiss(String key) {
    long token = l1.issueFillToken();
    if (l2 == null) return CompletableFuture.completedFuture(Miss.notFound(token));
    return l2.get(key)
        .thenApply(
            v -> {
              if (v == null) return Miss.notFound(token);
              l1.fill(key, v, 0, token);
              return Miss.found(v);
            });
  }

  /** L1 misses of a GetMany: L2's values by key (only those found). */
  public CompletableFuture<Map<String, ByteString>> onMisses(List<String> keys) {
    if (l2 == null) return CompletableFuture.completedFuture(Map.of());
    long token = l1.issueFillToken();
    return l2.getMany(keys)
        .thenApply(
            found -> {
              found.forEach((k, v) -> l1.fill(k, v, 0, token));
              return found;
            });
  }

  /** Whether a GetMany miss should hand out a fill token (only where the application fills). */
  public boolean applicationFills() {
    return true;
  }

  /** A fill: installed here (and in L2 where nothing is), never broadcast. */
  public CompletableFuture<Boolean> fill(String key, ByteString value, long ttlNanos, long token) {
    boolean applied = l1.fill(key, value, ttlNanos, token);
    if (applied && l2 != null) return l2.setIfAbsent(key, value, ttlNanos).thenApply(x -> true);
    return CompletableFuture.completedFuture(applied);
  }

  /** A write: the data changed. Here, L2, and every peer drops its copy. */
  public CompletableFuture<Void> write(String key, ByteString value, long ttlNanos) {
    return installWrite(key, value, ttlNanos);
  }

  public CompletableFuture<Void> delete(List<String> keys) {
    return dropEverywhere(ChangeKind.DELETED, keys);
  }

  public CompletableFuture<Void> invalidate(List<String> keys) {
    return dropEverywhere(ChangeKind.INVALIDATED, keys);
  }

  public CompletableFuture<Void> invalidateAll() {
    CompletableFuture<Boolean> tier =
        l2 == null ? CompletableFuture.completedFuture(true) : l2.clear();
    return tier.thenCompose(
        x -> {
          l1.clear();
          return peers.clear(l1);
        });
  }

  protected CompletableFuture<Void> installWrite(String key, ByteString value, long ttlNanos) {
    CompletableFuture<Boolean> tier =
        l2 == null ? CompletableFuture.completedFuture(true) : l2.set(key, value, ttlNanos);
    return tier.thenCompose(
        x -> {
          l1.write(key, value, ttlNanos);
          return peers.drop(l1, ChangeKind.UPDATED, List.of(key));
        });
  }

  /**
   * L2 first, then L1, then peers: a local miss between the steps can only read what is already
   * gone below it, and a fill that raced the change is refused by its token.
   */
  protected CompletableFuture<Void> dropEverywhere(ChangeKind kind, List<String> keys) {
    CompletableFuture<Boolean> tier =
        l2 == null ? CompletableFuture.completedFuture(true) : l2.delete(keys);
    return tier.thenCompose(
        x -> {
          l1.invalidateAll(keys);
          return peers.drop(l1, kind, keys);
        });
  }

  protected NotAllowedException noFills() {
    return new NotAllowedException(
        "cache '"
            + l1.name()
            + "' is "
            + l1.config().strategy()
            + ": the sidecar loads misses itself and hands out no fill tokens; Put without a"
            + " fill_token to write");
  }
}
