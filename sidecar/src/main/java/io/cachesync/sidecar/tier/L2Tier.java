package io.cachesync.sidecar.tier;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Redis as a cache's shared tier: values at {@code prefix + key} with a TTL (PX).
 *
 * <p><b>Leases</b>, as memcache has them. A read that finds nothing leaves a lease in the key (a
 * marker value, short-lived); a fill lands only while its own lease is still there; a write or
 * delete replaces or removes whatever is there, lease included. So a fill that read the store of
 * record before a change and arrives after it finds its lease broken and lands nowhere, even when
 * the change's invalidation has not reached this sidecar yet. The lease names this sidecar and the
 * fill token of the miss that took it; a miss that finds another's lease takes none, and its fill
 * leaves L2 to the other's.
 *
 * <p><b>Writes delete.</b> Nothing here sets a value unconditionally: two writes of one key racing
 * from two pods could leave L2 holding the older, so a write removes the key (leaving it to the
 * next fill), except a WriteBehind write, which the stream orders ({@link #writeBehind}).
 *
 * <p><b>Unflushed writes.</b> For a WriteBehind cache ({@link #readingPendingWrites}) a read that
 * finds no value in L2 looks at the key's newest unflushed stream entry before anything else: its
 * value, or its delete, is the answer, and the store of record is not asked.
 *
 * <p>Reads that fail are misses (the tier is an optimisation, the store of record stays the truth),
 * except a WriteBehind cache's on a Redis Cluster, which say so ({@link L2Read#pendingUnknown});
 * writes report failure to the caller, who decides. Every own write is announced to {@code
 * beforeOwnWrite} (and withdrawn through {@code ownWriteVoid} when nothing was written) so its
 * keyspace-notification echo does not evict the fresh L1 entry.
 */
public final class L2Tier {
  /** The start of every lease marker: no value a sidecar writes begins like this by chance. */
  static final byte[] LEASE_MAGIC = {(byte) 0xC5, 'c', 's', '-', 'l', 'e', 'a', 's', 'e', ':'};

  /**
   * What a write leaves in the key: no value (the next read leases it and a fill puts one back),
   * but a key that exists, so an outside writer's DEL of it still reaches every pod as an event,
   * which a DEL of a missing key would not. It starts like a lease, so nobody reads it as a value.
   */
  static final byte[] WRITE_MARKER =
      concat(LEASE_MAGIC, "written".getBytes(StandardCharsets.UTF_8));

  /**
   * KEYS: the keys. ARGV[1] the lease magic, ARGV[2] this miss's lease, ARGV[3] its life in ms. Per
   * key two replies: 1 and the value; 2 (a lease was taken); 0 (another's lease, or the key cannot
   * be read).
   */
  private static final RedisScript READ =
      new RedisScript(
          """
          local out = {}
          for i = 1, #KEYS do
            local v = redis.pcall('GET', KEYS[i])
            if type(v) == 'string' and string.sub(v, 1, #ARGV[1]) ~= ARGV[1] then
              out[#out + 1] = 1
              out[#out + 1] = v
            elseif v == false or v == ARGV[4] then
              redis.call('SET', KEYS[i], ARGV[2], 'PX', ARGV[3])
              out[#out + 1] = 2
              out[#out + 1] = ''
            else
              out[#out + 1] = 0
              out[#out + 1] = ''
            end
          end
          return out
          """);

  /**
   * READ for one key of a WriteBehind cache. KEYS[2] the stream's pending marks, KEYS[3] the
   * stream; ARGV[4] the cache key, ARGV[5] the write marker. Replies as READ, and 3 for an
   * unflushed delete.
   */
  private static final RedisScript READ_PENDING =
      new RedisScript(
          """
          local v = redis.pcall('GET', KEYS[1])
          if type(v) == 'string' and string.sub(v, 1, #ARGV[1]) ~= ARGV[1] then
            return {1, v}
          end
          local id = redis.call('HGET', KEYS[2], ARGV[4])
          if id then
            local e = redis.call('XRANGE', KEYS[3], id, id)
            if #e == 1 then
              local f = e[1][2]
              local value, delete = '', false
              for i = 1, #f, 2 do
                if f[i] == '%s' then value = f[i + 1] end
                if f[i] == '%s' then delete = f[i + 1] == '1' end
              end
              if delete then return {3, ''} end
              return {1, value}
            end
          end
          if v == false or v == ARGV[5] then
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return {2, ''}
          end
          return {0, ''}
          """
              .formatted(WriteBehindStream.VALUE_FIELD, WriteBehindStream.DELETE_FIELD));

  /** KEYS[1]; ARGV[1] the lease, ARGV[2] the value, ARGV[3] its ttl in ms. 1 when it landed. */
  private static final RedisScript FILL =
      new RedisScript(
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
          end
          return 0
          """);

  /** UNLINK key by key: the 1-based positions of the keys that were not there (no echo comes). */
  private static final RedisScript DELETE =
      new RedisScript(
          """
          local missing = {}
          for i = 1, #KEYS do
            if redis.call('UNLINK', KEYS[i]) == 0 then missing[#missing + 1] = i end
          end
          return missing
          """);

  private final RedisLink link;
  private final String prefix;
  private final long defaultTtlMillis;
  private final String leaseOwner;
  private final long leaseMillis;
  private final Consumer<String> beforeOwnWrite;
  private final Consumer<String> ownWriteVoid;
  private final WriteBehindStream pendingWrites;
  private final L2Counters counters;

  /**
   * @param leaseOwner names this sidecar in its leases (its origin)
   * @param leaseMillis how long a lease waits for its fill: as long as a fill token is usable
   * @param counters the cache's, shared with the tiers built for it before and after this one
   */
  public L2Tier(
      RedisLink link,
      L2Config config,
      long cacheTtlMillis,
      String leaseOwner,
      long leaseMillis,
      Consumer<String> beforeOwnWrite,
      Consumer<String> ownWriteVoid,
      L2Counters counters) {
    this(
        link,
        config.prefix(),
        config.ttl() != null ? config.ttl().toMillis() : cacheTtlMillis,
        leaseOwner,
        leaseMillis,
        beforeOwnWrite,
        ownWriteVoid,
        null,
        counters);
  }

  private L2Tier(
      RedisLink link,
      String prefix,
      long defaultTtlMillis,
      String leaseOwner,
      long leaseMillis,
      Consumer<String> beforeOwnWrite,
      Consumer<String> ownWriteVoid,
      WriteBehindStream pendingWrites,
      L2Counters counters) {
    this.link = link;
    this.prefix = prefix;
    this.defaultTtlMillis = defaultTtlMillis;
    this.leaseOwner = leaseOwner;
    this.leaseMillis = Math.max(1, leaseMillis);
    this.beforeOwnWrite = beforeOwnWrite;
    this.ownWriteVoid = ownWriteVoid;
    this.pendingWrites = pendingWrites;
    this.counters = counters;
  }

  /** The same tier, whose reads answer from {@code stream}'s unflushed writes first. */
  public L2Tier readingPendingWrites(WriteBehindStream stream) {
    return new L2Tier(
        link,
        prefix,
        defaultTtlMillis,
        leaseOwner,
        leaseMillis,
        beforeOwnWrite,
        ownWriteVoid,
        stream,
        counters);
  }

  public String prefix() {
    return prefix;
  }

  public String redisKey(String key) {
    return prefix + key;
  }

  /**
   * What L2 holds for {@code key}; where it holds nothing, a lease for the fill of the miss that
   * {@code token} was issued for. A Redis that cannot answer is a miss without a lease.
   */
  public CompletableFuture<L2Read> read(String key, long token) {
    RedisClusterAsyncCommands<String, byte[]> c = link.commands();
    if (c == null) return CompletableFuture.completedFuture(failedRead(pendingWrites));
    String redisKey = redisKey(key);
    byte[] lease = lease(token);
    beforeOwnWrite.accept(redisKey); // the lease is a write whose echo must not count
    CompletableFuture<List<Object>> reply =
        pendingWrites == null
            ? READ.run(c, ScriptOutputType.MULTI, new String[] {redisKey}, leaseArgs(lease))
            : READ_PENDING.run(
                c,
                ScriptOutputType.MULTI,
                new String[] {redisKey, pendingWrites.pendingKey(), pendingWrites.key()},
                LEASE_MAGIC,
                lease,
                ascii(Long.toString(leaseMillis)),
                key.getBytes(StandardCharsets.UTF_8),
                WRITE_MARKER);
    return reply.handle(
        (r, e) -> {
          if (e != null) {
            ownWriteVoid.accept(redisKey);
            return failedRead(pendingWrites);
          }
          return answer(redisKey, r, 0);
        });
  }

  /**
   * {@link #read} for several keys at once, by key. On a Redis Cluster one READ per slot (a script
   * over keys of several slots is refused), all sent at once; a slot whose master cannot answer
   * makes its keys misses, as a failed read does, and the other keys are answered.
   */
  public CompletableFuture<Map<String, L2Read>> readMany(List<String> keys, long token) {
    RedisClusterAsyncCommands<String, byte[]> c = link.commands();
    if (c == null || keys.isEmpty() || pendingWrites != null) return readEach(keys, token);
    String[] redisKeys = keys.stream().map(this::redisKey).toArray(String[]::new);
    for (String k : redisKeys) beforeOwnWrite.accept(k);
    byte[][] args = leaseArgs(lease(token));
    L2Read[] answers = new L2Read[redisKeys.length];
    List<CompletableFuture<Void>> groups = new ArrayList<>();
    for (int[] group : SlotGroups.of(redisKeys, link.cluster())) {
      groups.add(
          READ.<List<Object>>run(c, ScriptOutputType.MULTI, SlotGroups.pick(redisKeys, group), args)
              .handle(
                  (r, e) -> {
                    for (int j = 0; j < group.length; j++) {
                      int i = group[j];
                      if (e != null) {
                        ownWriteVoid.accept(redisKeys[i]);
                        answers[i] = failedRead();
                      } else {
                        answers[i] = answer(redisKeys[i], r, j);
                      }
                    }
                    return null;
                  }));
    }
    return CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new))
        .thenApply(
            x -> {
              Map<String, L2Read> out = new HashMap<>();
              for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), answers[i]);
              return out;
            });
  }

  /**
   * A fill: lands only while the lease its miss took still holds, so it never overwrites a write,
   * nor comes back after a delete. Whether it landed; false as well when Redis cannot answer.
   */
  public CompletableFuture<Boolean> fill(String key, ByteString value, long ttlNanos, long token) {
    RedisClusterAsyncCommands<String, byte[]> c = link.commands();
    if (c == null) return CompletableFuture.completedFuture(failedWriteValue());
    String redisKey = redisKey(key);
    beforeOwnWrite.accept(redisKey);
    return FILL.<Long>run(
            c,
            ScriptOutputType.INTEGER,
            new String[] {redisKey},
            lease(token),
            value.toByteArray(),
            ascii(Long.toString(ttlMillis(ttlNanos))))
        .handle(
            (n, e) -> {
              boolean landed = e == null && n != null && n == 1;
              if (!landed) ownWriteVoid.accept(redisKey); // nothing written: no echo will come
              return e == null ? landed : failedWriteValue();
            });
  }

  /**
   * Removes the keys, leases included; on a Redis Cluster one DELETE per slot. False (and counted)
   * when Redis could not remove all of them: a slot whose master is down keeps its keys (and their
   * values) until it answers again, which the caller reports.
   */
  public CompletableFuture<Boolean> delete(List<String> keys) {
    RedisClusterAsyncCommands<String, byte[]> c = link.commands();
    if (c == null) return failedWrite();
    String[] redisKeys = keys.stream().map(this::redisKey).toArray(String[]::new);
    for (String k : redisKeys) beforeOwnWrite.accept(k);
    List<CompletableFuture<Boolean>> groups = new ArrayList<>();
    for (int[] group : SlotGroups.of(redisKeys, link.cluster())) {
      groups.add(
          DELETE
              .<List<Long>>run(c, ScriptOutputType.MULTI, SlotGroups.pick(redisKeys, group))
              .handle(
                  (missing, e) -> {
                    if (e != null) {
                      for (int i : group) ownWriteVoid.accept(redisKeys[i]);
                      return false;
                    }
                    for (Long j : missing) ownWriteVoid.accept(redisKeys[group[(int) (j - 1)]]);
                    return true;
                  }));
    }
    return CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new))
        .thenApply(x -> groups.stream().allMatch(CompletableFuture::join) || failedWriteValue());
  }

  /**
   * A write of a cache whose store the stream does not order: replaces whatever the key holds
   * (value or lease) with the write marker for the write's ttl. Leases break, no value of either of
   * two racing writes stays, and the key keeps existing while pods may hold the written value, so
   * an outside writer's DEL of it still drops their copies. False (and counted) when Redis could
   * not do it.
   */
  public CompletableFuture<Boolean> markWritten(String key, long ttlNanos) {
    RedisClusterAsyncCommands<String, byte[]> c = link.commands();
    if (c == null) return failedWrite();
    String redisKey = redisKey(key);
    beforeOwnWrite.accept(redisKey);
    return c.set(redisKey, WRITE_MARKER, SetArgs.Builder.px(ttlMillis(ttlNanos)))
        .toCompletableFuture()
        .handle(
            (ok, e) -> {
              if (e == null) return true;
              ownWriteVoid.accept(redisKey);
              return failedWriteValue();
            });
  }

  /**
   * The write of a WriteBehind cache: its stream entry, the key's pending mark and L2 in one step,
   * so L2 follows the stream's order. Completes with the entry id; fails when Redis cannot take it,
   * and then nothing changed.
   */
  public CompletableFuture<String> writeBehind(
      WriteBehindStream stream, String key, ByteString value, boolean delete, long ttlNanos) {
    String redisKey = redisKey(key);
    beforeOwnWrite.accept(redisKey);
    return stream
        .append(key, value, delete, redisKey, ttlMillis(ttlNanos))
        .handle(
            (appended, e) -> {
              if (e != null || !appended.l2Changed()) ownWriteVoid.accept(redisKey);
              if (e != null) {
                counters.writeFailures.increment();
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
              }
              return appended.id();
            });
  }

  /**
   * Drops every key under the prefix (SCAN + UNLINK, in pages), leases included. On a Redis Cluster
   * the SCAN walks every master in turn (Lettuce's cluster cursor) and UNLINK splits each page by
   * slot, so keys on every shard go; a master that cannot answer fails the clear, which the caller
   * reports.
   */
  public CompletableFuture<Boolean> clear() {
    RedisClusterAsyncCommands<String, byte[]> c = link.commands();
    if (c == null) return failedWrite();
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    scanPage(c, ScanCursor.INITIAL, done);
    return done;
  }

  private void scanPage(
      RedisClusterAsyncCommands<String, byte[]> c,
      ScanCursor cursor,
      CompletableFuture<Boolean> done) {
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
    return counters.readFailures();
  }

  /** Writes, deletes, fills and clears that Redis did not take. */
  public long writeFailures() {
    return counters.writeFailures();
  }

  private CompletableFuture<Map<String, L2Read>> readEach(List<String> keys, long token) {
    Map<String, CompletableFuture<L2Read>> reads = new HashMap<>();
    for (String key : keys) reads.put(key, read(key, token));
    return CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new))
        .thenApply(
            x -> {
              Map<String, L2Read> out = new HashMap<>();
              reads.forEach((k, f) -> out.put(k, f.join()));
              return out;
            });
  }

  /** The {@code i}-th key's answer in a READ reply; withdraws the echo of a lease not taken. */
  private L2Read answer(String redisKey, List<Object> reply, int i) {
    long kind = (Long) reply.get(2 * i);
    if (kind != 2) ownWriteVoid.accept(redisKey);
    if (kind == 1)
      return L2Read.found(UnsafeByteOperations.unsafeWrap((byte[]) reply.get(2 * i + 1)));
    if (kind == 3) return L2Read.pendingDelete();
    return L2Read.absent();
  }

  private byte[][] leaseArgs(byte[] lease) {
    return new byte[][] {LEASE_MAGIC, lease, ascii(Long.toString(leaseMillis)), WRITE_MARKER};
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The lease of the miss {@code token} was issued for, by this sidecar. */
  private byte[] lease(long token) {
    return concat(LEASE_MAGIC, ascii(leaseOwner + ":" + Long.toUnsignedString(token)));
  }

  private long ttlMillis(long ttlNanos) {
    return ttlNanos > 0 ? Math.max(1, ttlNanos / 1_000_000) : defaultTtlMillis;
  }

  private L2Read failedRead() {
    counters.readFailures.increment();
    return L2Read.absent();
  }

  /**
   * A failed read of a key of {@code stream}'s cache. On a Redis Cluster the store must not answer
   * in its place: the stream's shard can be down while the invalidation bus, on another shard,
   * stays up, so no reconnect repair would clear a store row loaded now, older than an unflushed
   * write, before its TTL. Standalone and Sentinel keep the miss: there the same outage cuts the
   * bus too, and its repair clears L1 when Redis is back.
   */
  private L2Read failedRead(WriteBehindStream stream) {
    L2Read miss = failedRead();
    return stream != null && link.cluster() ? L2Read.unknownPending() : miss;
  }

  private CompletableFuture<Boolean> failedWrite() {
    return CompletableFuture.completedFuture(failedWriteValue());
  }

  private boolean failedWriteValue() {
    counters.writeFailures.increment();
    return false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String escapeGlob(String s) {
    return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
