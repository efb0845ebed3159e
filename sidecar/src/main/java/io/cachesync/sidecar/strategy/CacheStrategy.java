package io.cachesync.sidecar.strategy;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.tier.L2Read;
import io.cachesync.sidecar.tier.L2Tier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * How one cache meets its store of record (DESIGN.md, "Strategies"). The L1 hit path never comes
 * here: the service answers hits itself, and calls a strategy for misses and changes. This base is
 * LookAside; the other strategies override what differs.
 *
 * <p>Every change goes L2, then L1, then peers: a local miss between the steps can only read what
 * is already gone below it. A write takes a fill token before its first round trip and installs its
 * value in L1 only if nothing changed the key meanwhile ({@link LocalCache#writeAfter}); a write
 * never sets a value in L2, it leaves a marker there (two pods' writes of one key could land in L2
 * in the other order than in the store), except WriteBehind, whose stream orders them. A change
 * that L2 did not take still reaches L1 and the peers, and then fails with UNAVAILABLE: L2 may
 * still hold the old value, which the peers would read again, so the caller must retry.
 */
public class CacheStrategy {
  private static final CompletableFuture<Boolean> NO_TIER = CompletableFuture.completedFuture(true);

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

  /** An L1 miss: L2 if there is one (taking a lease there), else a fill token for the app. */
  public CompletableFuture<Miss> onMiss(String key) {
    long token = l1.issueFillToken();
    if (l2 == null) return CompletableFuture.completedFuture(Miss.notFound(token));
    return l2.read(key, token)
        .thenApply(
            r -> {
              if (!r.found()) return Miss.notFound(token);
              l1.fill(key, r.value(), 0, token);
              return Miss.found(r.value());
            });
  }

  /**
   * L1 misses of a GetMany, all under {@code token} (the one the app gets for its fills): L2's
   * values by key, only those found.
   */
  public CompletableFuture<Map<String, ByteString>> onMisses(List<String> keys, long token) {
    if (l2 == null) return CompletableFuture.completedFuture(Map.of());
    return l2.readMany(keys, token).thenApply(reads -> installFound(reads, token));
  }

  /** Whether a GetMany miss should hand out a fill token (only where the application fills). */
  public boolean applicationFills() {
    return true;
  }

  /** A fill: installed here, and in L2 while the miss's lease holds; never broadcast. */
  public CompletableFuture<Boolean> fill(String key, ByteString value, long ttlNanos, long token) {
    boolean applied = l1.fill(key, value, ttlNanos, token);
    if (applied && l2 != null) return l2.fill(key, value, ttlNanos, token).thenApply(x -> true);
    return CompletableFuture.completedFuture(applied);
  }

  /** A write: the data changed. Here, L2, and every peer drops its copy. */
  public CompletableFuture<Void> write(String key, ByteString value, long ttlNanos) {
    return installWrite(key, value, ttlNanos, l1.issueFillToken());
  }

  public CompletableFuture<Void> delete(List<String> keys) {
    return dropEverywhere(ChangeKind.DELETED, keys);
  }

  public CompletableFuture<Void> invalidate(List<String> keys) {
    return dropEverywhere(ChangeKind.INVALIDATED, keys);
  }

  public CompletableFuture<Void> invalidateAll() {
    return afterTier(
        l2 == null ? NO_TIER : l2.clear(),
        "every key",
        () -> {
          l1.clear();
          return peers.clear(l1);
        });
  }

  /**
   * A write that began when {@code token} was issued: L2 keeps only a marker of the write, L1 takes
   * the value unless something changed the key since, peers drop theirs.
   */
  protected CompletableFuture<Void> installWrite(
      String key, ByteString value, long ttlNanos, long token) {
    return afterTier(
        l2 == null ? NO_TIER : l2.markWritten(key, ttlNanos),
        "key " + key,
        () -> {
          l1.writeAfter(key, value, ttlNanos, token);
          return peers.drop(l1, ChangeKind.UPDATED, List.of(key));
        });
  }

  protected CompletableFuture<Void> dropEverywhere(ChangeKind kind, List<String> keys) {
    return afterTier(
        l2 == null ? NO_TIER : l2.delete(keys),
        keys.size() == 1 ? "key " + keys.get(0) : keys.size() + " keys",
        () -> {
          l1.invalidateAll(keys);
          return peers.drop(l1, kind, keys);
        });
  }

  /** L2's values of {@code reads} installed in L1 under {@code token}; those found, by key. */
  protected Map<String, ByteString> installFound(Map<String, L2Read> reads, long token) {
    Map<String, ByteString> found = new HashMap<>();
    reads.forEach(
        (k, r) -> {
          if (r.found()) {
            l1.fill(k, r.value(), 0, token);
            found.put(k, r.value());
          }
        });
    return found;
  }

  /**
   * Runs {@code rest} (L1, then peers) once L2 is done with its part, whether it managed or not,
   * and fails the call when it did not.
   */
  private CompletableFuture<Void> afterTier(
      CompletableFuture<Boolean> tier, String what, Supplier<CompletableFuture<Void>> rest) {
    return tier.thenCompose(
        ok ->
            rest.get()
                .thenApply(
                    x -> {
                      if (!ok) throw l2KeptOldValue(what);
                      return null;
                    }));
  }

  private TierUnavailableException l2KeptOldValue(String what) {
    return new TierUnavailableException(
        "L2 (Redis under "
            + l2.prefix()
            + ") did not take the change of "
            + what
            + " in cache '"
            + l1.name()
            + "': this sidecar and its peers dropped their copies, but L2 may still hold the old"
            + " value and the peers would read it again; retry once Redis answers");
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
