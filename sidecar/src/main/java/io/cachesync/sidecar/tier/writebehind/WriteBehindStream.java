package io.cachesync.sidecar.tier.writebehind;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.RedisMode;
import io.cachesync.sidecar.config.WriteBehindKeys;
import io.cachesync.sidecar.tier.DataConnection;
import io.cachesync.sidecar.tier.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.RedisCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 *
 * <p>On a Redis Cluster the stream's key carries the cache's hash tag ({@link #keyFor(String,
 * String, RedisMode)}), and so do the hashes beside it (their names extend the stream's) and the
 * cache's L2 keys: every script here runs on one slot, on the shard that holds the whole cache.
 *
 * <p>Beside the stream, a hash ({@link #pendingKey}) marks each key that has unflushed entries with
 * the id of its newest one. The mark is set in the same step as the entry and cleared only when
 * that entry is acknowledged, i.e. stored: while it is there, a read of the key answers from the
 * entry and never from the store of record, which has not caught up.
 */
public final class WriteBehindStream {
  /** The consumer group of all sidecars. */
  public static final String GROUP = "cachesync";

  /** The entry fields a reader of the stream needs to know: the value, and "1" for a delete. */
  public static final String VALUE_FIELD = WriteBehindFields.VALUE;

  public static final String DELETE_FIELD = WriteBehindFields.DELETE;

  /**
   * KEYS[1] the stream, KEYS[2] its pending marks, KEYS[3] the key in L2; ARGV[1] the key, ARGV[2]
   * the value, ARGV[3] "1" for a delete, ARGV[4] the L2 ttl in ms. The entry, the key's mark and L2
   * in one step; returns the entry id and whether L2 changed (a delete of a missing key does not).
   * Sent whole every time: appends pipelined on one connection must reach the stream in order.
   */
  private static final RedisScript APPEND =
      RedisScript.ordered(
          """
          local id = redis.call('XADD', KEYS[1], '*', '%s', ARGV[1], '%s', ARGV[2], '%s', ARGV[3])
          redis.call('HSET', KEYS[2], ARGV[1], id)
          local changed = 1
          if ARGV[3] == '1' then
            changed = redis.call('UNLINK', KEYS[3])
          else
            redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[4])
          end
          return {id, changed}
          """
              .formatted(WriteBehindFields.KEY, WriteBehindFields.VALUE, WriteBehindFields.DELETE));

  /** An appended entry: its id, and whether its L2 step changed the key. */
  public record Appended(String id, boolean l2Changed) {}

  /** String keys and field names, byte values: what the stream commands here expect. */
  public static final RedisCodec<String, byte[]> CODEC = DataConnection.CODEC;

  private final String key;
  private final Supplier<? extends RedisClusterAsyncCommands<String, byte[]>> commands;

  /**
   * @param key the stream's Redis key, see {@link #keyFor}
   * @param commands the shared connection's async commands (e.g. {@code connection::async}); may
   *     return null while Redis is unreachable, which fails the call
   */
  public WriteBehindStream(
      String key, Supplier<? extends RedisClusterAsyncCommands<String, byte[]>> commands) {
    this.key = key;
    this.commands = commands;
  }

  /**
   * {@code <sync channel>:wb:<cache>}: next to the CacheSync's other keys, one per cache. The
   * Standalone and Sentinel name; see {@link #keyFor(String, String, RedisMode)}.
   */
  public static String keyFor(String syncChannel, String cache) {
    return keyFor(syncChannel, cache, RedisMode.Standalone);
  }

  /**
   * The stream's key in {@code mode}: on a Redis Cluster {@code <sync channel>:wb:{<cache>}}, whose
   * hash tag puts the stream, its pending marks and the cache's L2 keys on one slot, as the append
   * and read scripts need ({@link WriteBehindKeys}).
   */
  public static String keyFor(String syncChannel, String cache, RedisMode mode) {
    return WriteBehindKeys.streamKey(syncChannel, cache, mode);
  }

  public String key() {
    return key;
  }

  /** The hash of the keys with unflushed entries, each with the id of its newest entry. */
  public String pendingKey() {
    return pendingKeyOf(key);
  }

  static String pendingKeyOf(String streamKey) {
    return streamKey + ":pending";
  }

  /**
   * Records a write (or, with {@code delete}, a removal) of {@code key}, marks the key pending, and
   * sets (or removes) its L2 copy at {@code l2Key}, all in one step; the future completes once
   * Redis has it, and the write is then as durable as Redis is. When it fails, nothing changed.
   */
  public CompletableFuture<Appended> append(
      String key, ByteString value, boolean delete, String l2Key, long l2TtlMillis) {
    RedisClusterAsyncCommands<String, byte[]> redis = commands.get();
    if (redis == null) return unreachable();
    return APPEND
        .<List<Object>>run(
            redis,
            ScriptOutputType.MULTI,
            new String[] {this.key, pendingKey(), l2Key},
            bytes(key),
            delete || value == null ? new byte[0] : value.toByteArray(),
            bytes(delete ? "1" : "0"),
            bytes(Long.toString(Math.max(1, l2TtlMillis))))
        .thenApply(
            r ->
                new Appended(
                    new String((byte[]) r.get(0), StandardCharsets.UTF_8), (Long) r.get(1) == 1));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
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
