package io.cachesync.sidecar.tier;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.L2Config;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Redis as a cache's shared tier: values at {@code prefix + key} with a TTL (PX). Reads that fail
 * are misses (the tier is an optimisation, the store of record stays the truth); writes report
 * failure to the caller, who decides. Every own write is announced to {@code beforeOwnWrite} (and
 * withdrawn through {@code ownWriteVoid} when nothing was written) so its keyspace-notification
 * echo does not evict the fresh L1 entry.
 */
public final class L2Tier {
  private final RedisLink link;
  private final String prefix;
  private final long defaultTtlMillis;
  private final Consumer<String> beforeOwnWrite;
  private final Consumer<String> ownWriteVoid;
  private final LongAdder readFailures = new LongAdder();
  private final LongAdder writeFailures = new LongAdder();

  public L2Tier(
      RedisLink link,
      L2Config config,
      long cacheTtlMillis,
      Consumer<String> beforeOwnWrite,
      Consumer<String> ownWriteVoid) {
    this.link = link;
    this.prefix = config.prefix();
    this.defaultTtlMillis = config.ttl() != null ? config.ttl().toMillis() : cacheTtlMillis;
    this.beforeOwnWrite = beforeOwnWrite;
    this.ownWriteVoid = ownWriteVoid;
  }

  public String prefix() {
    return prefix;
  }

  public String redisKey(String key) {
    return prefix + key;
  }

  /** The value, or null on a miss or when Redis cannot answer. */
  public CompletableFuture<ByteString> get(String key) {
    RedisAsyncCommands<String, byte[]> c = link.commands();
    if (c == null) return unreadable();
    return c.get(redisKey(key))
        .toCompletableFuture()
        .handle((v, e) -> e != null ? failedRead() : v == null ? null : ByteString.copyFrom(v));
  }

  /** The values present, by key; an unreachable Redis gives an empty map. */
  public CompletableFuture<Map<String, ByteString>> getMany(List<String> keys) {
    RedisAsyncCommands<String, byte[]> c = link.commands();
    if (c == null || keys.isEmpty()) return CompletableFuture.completedFuture(Map.of());
    String[] redisKeys = keys.stream().map(this::redisKey).toArray(String[]::new);
    return c.mget(redisKeys)
        .toCompletableFuture()
        .handle(
            (values, e) -> {
              Map<String, ByteString> found = new HashMap<>();
              if (e != null) {
                readFailures.increment();
                return found;
              }
              for (KeyValue<String, byte[]> kv : values) {
                if (kv.hasValue())
                  found.put(
                      kv.getKey().substring(prefix.length()), ByteString.copyFrom(kv.getValue()));
              }
              return found;
            });
  }

  /** A write: replaces whatever is there. */
  public CompletableFuture<Boolean> set(String key, ByteString value, long ttlNanos) {
    return write(key, value, ttlNanos, false);
  }

  /** A fill: only where nothing is, so a fill never overwrites a newer write of another pod. */
  public CompletableFuture<Boolean> setIfAbsent(String key, ByteString value, long ttlNanos) {
    return write(key, value, ttlNanos, true);
  }

  public CompletableFuture<Boolean> delete(List<String> keys) {
    RedisAsyncCommands<String, byte[]> c = link.commands();
    if (c == null) return failedWrite();
    String[] redisKeys = keys.stream().map(this::redisKey).toArray(String[]::new);
    for (String k : redisKeys) beforeOwnWrite.accept(k);
    return c.unlink(redisKeys)
        .toCompletableFuture()
        .handle((n, e) -> e == null || failedWriteValue());
  }

  /** Drops every key under the prefix (SCAN + UNLINK, in pages). */
  public CompletableFuture<Boolean> clear() {
    RedisAsyncCommands<String, byte[]> c = link.commands();
    if (c == null) return failedWrite();
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    scanPage(c, ScanCursor.INITIAL, done);
    return done;
  }

  private void scanPage(
      RedisAsyncCommands<String, byte[]> c, ScanCursor cursor, CompletableFuture<Boolean> done) {
    c.scan(cursor, ScanArgs.Builder.matches(escapeGlob(prefix) + "*").limit(500))
        .whenComplete(
            (page, e) -> {
              if (e != null) {
                done.complete(failedWriteValue());
                return;
              }
              List<String> keys = new ArrayList<>(page.getKeys());
              CompletableFuture<?> unlink =
                  keys.isEmpty()
                      ? CompletableFuture.completedFuture(0L)
                      : c.unlink(keys.toArray(String[]::new)).toCompletableFuture();
              unlink.whenComplete(
                  (n, e2) -> {
                    if (e2 != null) done.complete(failedWriteValue());
                    else if (page.isFinished()) done.complete(true);
                    else scanPage(c, page, done);
                  });
            });
  }

  public long readFailures() {
    return readFailures.sum();
  }

  public long writeFailures() {
    return writeFailures.sum();
  }

  private CompletableFuture<Boolean> write(
      String key, ByteString value, long ttlNanos, boolean ifAbsent) {
    RedisAsyncCommands<String, byte[]> c = link.commands();
    if (c == null) return failedWrite();
    long ttlMillis = ttlNanos > 0 ? Math.max(1, ttlNanos / 1_000_000) : defaultTtlMillis;
    SetArgs args = SetArgs.Builder.px(ttlMillis);
    if (ifAbsent) args.nx();
    String redisKey = redisKey(key);
    beforeOwnWrite.accept(redisKey);
    return c.set(redisKey, value.toByteArray(), args)
        .toCompletableFuture()
        .handle(
            (ok, e) -> {
              boolean written = e == null && "OK".equals(ok);
              // no write (NX found a value, or an error): no echo will come to consume the
              // expectation
              if (!written) ownWriteVoid.accept(redisKey);
              return e == null ? written : failedWriteValue();
            });
  }

  private CompletableFuture<ByteString> unreadable() {
    readFailures.increment();
    return CompletableFuture.completedFuture(null);
  }

  private ByteString failedRead() {
    readFailures.increment();
    return null;
  }

  private CompletableFuture<Boolean> failedWrite() {
    return CompletableFuture.completedFuture(failedWriteValue());
  }

  private boolean failedWriteValue() {
    writeFailures.increment();
    return false;
  }

  private static String escapeGlob(String s) {
    return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
