package io.cachesync.sidecar.tier.writebehind;

import com.google.protobuf.ByteString;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The Redis Stream of one WriteBehind cache, where a Put is recorded before it reaches the store of
 * record. One stream per cache and one consumer group ({@value #GROUP}) shared by every sidecar of
 * a CacheSync, so each entry is flushed by one sidecar only.
 *
 * <p>Appends never trim the stream (no MAXLEN): a trimmed entry would be a write lost before the
 * store saw it. The stream stays small anyway because the flusher deletes entries once they are
 * acknowledged, which also makes its length the backlog.
 */
public final class WriteBehindStream {
  /** The consumer group of all sidecars. */
  public static final String GROUP = "cachesync";

  /** String keys and field names, byte values: what the stream commands here expect. */
  public static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final String key;
  private final Supplier<? extends RedisStreamAsyncCommands<String, byte[]>> commands;

  /**
   * @param key the stream's Redis key, see {@link #keyFor}
   * @param commands the shared connection's async commands (e.g. {@code connection::async}); may
   *     return null while Redis is unreachable, which fails the call
   */
  public WriteBehindStream(
      String key, Supplier<? extends RedisStreamAsyncCommands<String, byte[]>> commands) {
    this.key = key;
    this.commands = commands;
  }

  /** {@code <sync channel>:wb:<cache>}: next to the CacheSync's other keys, one per cache. */
  public static String keyFor(String syncChannel, String cache) {
    return syncChannel + ":wb:" + cache;
  }

  public String key() {
    return key;
  }

  /**
   * Records a write (or, with {@code delete}, a removal) of {@code key}; the future completes with
   * the entry id once Redis has it, and the write is then as durable as Redis is.
   */
  public CompletableFuture<String> append(String key, ByteString value, boolean delete) {
    RedisStreamAsyncCommands<String, byte[]> redis = commands.get();
    if (redis == null) return unreachable();
    return redis.xadd(this.key, WriteBehindFields.encode(key, value, delete)).toCompletableFuture();
  }

  /**
   * Creates the group (and the stream) if missing. Starting at id 0 means entries appended before
   * the group existed, e.g. after Redis lost its data and restarted empty, are still flushed.
   */
  public CompletableFuture<Void> ensureGroup() {
    RedisStreamAsyncCommands<String, byte[]> redis = commands.get();
    if (redis == null) return unreachable();
    return createGroup(redis, key);
  }

  /**
   * Writes not yet in the store: entries pending in the group plus those not yet delivered. Since
   * acknowledged entries are deleted, that is the stream's length.
   */
  public CompletableFuture<Long> depth() {
    RedisStreamAsyncCommands<String, byte[]> redis = commands.get();
    if (redis == null) return unreachable();
    return redis.xlen(key).toCompletableFuture();
  }

  static CompletableFuture<Void> createGroup(
      RedisStreamAsyncCommands<String, byte[]> redis, String key) {
    return redis
        .xgroupCreate(StreamOffset.from(key, "0"), GROUP, XGroupCreateArgs.Builder.mkstream())
        .<Void>handle(
            (ok, e) -> {
              Throwable cause =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              if (cause == null || String.valueOf(cause.getMessage()).startsWith("BUSYGROUP")) {
                return null;
              }
              throw new CompletionException(cause);
            })
        .toCompletableFuture();
  }

  private <T> CompletableFuture<T> unreachable() {
    return CompletableFuture.failedFuture(
        new IllegalStateException("Redis is unreachable (write-behind stream " + key + ")"));
  }
}
