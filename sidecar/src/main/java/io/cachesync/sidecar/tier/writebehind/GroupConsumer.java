package io.cachesync.sidecar.tier.writebehind;

import io.cachesync.sidecar.tier.DataConnection;
import io.lettuce.core.Consumer;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One consumer of the group, on a connection of its own (its reads block): what the flusher asks of
 * Redis, each a single blocking call that fails with a Lettuce exception when Redis does not
 * answer. Every key a script here touches extends the stream's name, so on a Redis Cluster they
 * share its hash tag and slot.
 */
final class GroupConsumer {
  /**
   * Acknowledges and deletes in one step, so an entry is never left acknowledged but still counted
   * in the stream's length (the backlog), nor deleted while still pending; and, in the same step,
   * clears the pending mark of each key whose newest entry this is (so a read never finds a key
   * unmarked before the store has its newest write) and gives up this consumer's claim to store it.
   * KEYS[1] the stream, KEYS[2] the pending marks, KEYS[3] the store claims; ARGV[1] the group,
   * ARGV[2] this consumer, ARGV[3] how many ids follow, then the ids, then key and id pairs.
   */
  private static final String ACK_AND_DELETE =
      "local n = tonumber(ARGV[3])\n"
          + "local ids = {}\n"
          + "for i = 4, 3 + n do ids[#ids + 1] = ARGV[i] end\n"
          + "local acked = 0\n"
          + "if n > 0 then\n"
          + "  acked = redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))\n"
          + "  redis.call('XDEL', KEYS[1], unpack(ids))\n"
          + "end\n"
          + "for i = 4 + n, #ARGV, 2 do\n"
          + "  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then\n"
          + "    redis.call('HDEL', KEYS[2], ARGV[i])\n"
          + "  end\n"
          + "  local c = redis.call('HGET', KEYS[3], ARGV[i])\n"
          + "  if c and string.match(c, '^(.*)|') == ARGV[2] then redis.call('HDEL', KEYS[3], ARGV[i]) end\n"
          + "end\n"
          + "return acked";

  /**
   * Resets the idle time of the entries this consumer still holds, so nobody claims a batch whose
   * store is being retried (that would break per-key order), and counts those it no longer holds. A
   * missing group (Redis restarted empty) means nobody else can hold them: none lost.
   */
  private static final String KEEP_HOLDING =
      "local lost = 0\n"
          + "for i = 3, #ARGV do\n"
          + "  local p = redis.pcall('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)\n"
          + "  if p.err then return 0 end\n"
          + "  if #p == 1 and p[1][2] == ARGV[2] then\n"
          + "    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')\n"
          + "  else\n"
          + "    lost = lost + 1\n"
          + "  end\n"
          + "end\n"
          + "return lost";

  /**
   * Removes consumers that hold nothing and were not seen for a while, so sidecars with per-process
   * names do not pile up in the group. Checked and removed in one step: a consumer with pending
   * entries is never removed (that would drop its entries from the group), and a live one that
   * happens to be removed comes back by itself with its next read.
   */
  private static final String FORGET_IDLE =
      "local gone = 0\n"
          + "for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do\n"
          + "  local f = {}\n"
          + "  for i = 1, #c, 2 do f[c[i]] = c[i + 1] end\n"
          + "  if f['pending'] == 0 and f['idle'] > tonumber(ARGV[2]) and f['name'] ~= ARGV[3]"
          + " then\n"
          + "    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f['name'])\n"
          + "    gone = gone + 1\n"
          + "  end\n"
          + "end\n"
          + "return gone";

  /** Lua: whether stream id {@code a} is older than {@code b}, by milliseconds then sequence. */
  private static final String OLDER =
      "local function older(a, b)\n"
          + "  local am, as = string.match(a, '(%d+)-(%d+)')\n"
          + "  local bm, bs = string.match(b, '(%d+)-(%d+)')\n"
          + "  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)\n"
          + "  return am < bm or (am == bm and as < bs)\n"
          + "end\n";

  /**
   * Per key, the stream id of the newest entry handed to the store, in a hash beside the stream.
   * Records each given id that is newer than the recorded one and returns the keys whose given id
   * is older: a consumer that took over a dead one's entries must not store a value over a newer
   * one a live consumer stored already.
   */
  private static final String SUPERSEDED =
      OLDER
          + "local skip = {}\n"
          + "for i = 2, #ARGV, 2 do\n"
          + "  local had = redis.call('HGET', KEYS[1], ARGV[i])\n"
          + "  if had and older(ARGV[i + 1], had) then\n"
          + "    table.insert(skip, ARGV[i])\n"
          + "  else\n"
          + "    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])\n"
          + "  end\n"
          + "end\n"
          + "redis.call('PEXPIRE', KEYS[1], ARGV[1])\n"
          + "return skip";

  /**
   * Keeps the SUPERSEDED hash ({@code KEYS[2]}) to the records still needed. A record guards
   * against storing an older entry of its key, and entries are delivered in id order, so the only
   * older entries that can still reach the store are pending ones: a record older than the group's
   * smallest pending id guards nothing and goes, and with nothing pending the whole hash goes. Ids
   * compare as numbers, milliseconds then sequence. Walks the hash with HSCAN ({@code ARGV[2]}
   * fields a step) and returns how many records it removed. A missing group (Redis lost the stream)
   * leaves the hash as it is.
   */
  private static final String TRIM_STORED =
      OLDER
          + "local p = redis.pcall('XPENDING', KEYS[1], ARGV[1])\n"
          + "if p.err then return 0 end\n"
          + "if p[1] == 0 then\n"
          + "  local n = redis.call('HLEN', KEYS[2])\n"
          + "  redis.call('DEL', KEYS[2])\n"
          + "  return n\n"
          + "end\n"
          + "local oldest = p[2]\n"
          + "local gone = 0\n"
          + "local cursor = '0'\n"
          + "repeat\n"
          + "  local r = redis.call('HSCAN', KEYS[2], cursor, 'COUNT', ARGV[2])\n"
          + "  cursor = r[1]\n"
          + "  local drop = {}\n"
          + "  for i = 1, #r[2], 2 do\n"
          + "    if older(r[2][i + 1], oldest) then table.insert(drop, r[2][i]) end\n"
          + "  end\n"
          + "  if #drop > 0 then gone = gone + redis.call('HDEL', KEYS[2], unpack(drop)) end\n"
          + "until cursor == '0'\n"
          + "return gone";

  /**
   * Before a batch is stored: which of its keys need not be (a newer unflushed entry of the key
   * exists, which will be stored instead: 's') and which must wait (another consumer is storing the
   * key right now: 'd'); the others are claimed for this consumer until {@code ARGV[2]} ms from
   * now, and a claim already this consumer's is renewed even for a superseded key (a batch being
   * retried still holds it). Two stores of one key in flight at once would reach the store in
   * either order, so only the holder of a key's claim stores it. KEYS[1] the pending marks, KEYS[2]
   * the claims; ARGV[1] this consumer, ARGV[2] the hold in ms, then key and id pairs.
   */
  private static final String CLAIM_KEYS =
      OLDER
          + "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "local out = {}\n"
          + "for i = 3, #ARGV, 2 do\n"
          + "  local key, id = ARGV[i], ARGV[i + 1]\n"
          + "  local newest = redis.call('HGET', KEYS[1], key)\n"
          + "  local c = redis.call('HGET', KEYS[2], key)\n"
          + "  local owner, deadline = nil, 0\n"
          + "  if c then\n"
          + "    owner, deadline = string.match(c, '^(.*)|(%d+)$')\n"
          + "    deadline = tonumber(deadline) or 0\n"
          + "  end\n"
          + "  local mine = owner == ARGV[1]\n"
          + "  if newest and older(id, newest) then\n"
          + "    out[#out + 1] = 's'\n"
          + "    out[#out + 1] = key\n"
          + "  elseif c and not mine and deadline > now then\n"
          + "    out[#out + 1] = 'd'\n"
          + "    out[#out + 1] = key\n"
          + "  end\n"
          + "  if mine or not (newest and older(id, newest)) and not (c and deadline > now) then\n"
          + "    redis.call('HSET', KEYS[2], key, ARGV[1] .. '|' .. (now + tonumber(ARGV[2])))\n"
          + "  end\n"
          + "end\n"
          + "return out";

  /** What {@link #claimKeys} found: keys a newer entry supersedes, and keys to store later. */
  record KeyClaims(Set<String> superseded, Set<String> deferred) {}

  /** Lua's unpack() has a stack limit of about 8,000; stay well under it. */
  private static final int IDS_PER_SCRIPT = 1_000;

  private final String key;
  private final Consumer<String> consumer;
  private final RedisClusterCommands<String, byte[]> redis;

  GroupConsumer(String key, String name, DataConnection connection) {
    this.key = key;
    this.consumer = Consumer.from(WriteBehindStream.GROUP, name);
    this.redis = connection.sync();
  }

  /** Entries never delivered to anyone ({@code >}), waiting up to {@code blockMillis} (>= 1). */
  List<StreamMessage<String, byte[]>> readNew(int count, long blockMillis) {
    return redis.xreadgroup(
        consumer,
        XReadArgs.Builder.count(count).block(Math.max(1, blockMillis)),
        StreamOffset.lastConsumed(key));
  }

  /** Entries delivered to this consumer earlier and not acknowledged, oldest first. */
  List<StreamMessage<String, byte[]>> readOwnPending(int count) {
    return redis.xreadgroup(consumer, XReadArgs.Builder.count(count), StreamOffset.from(key, "0"));
  }

  /**
   * Takes over entries any consumer has held for longer than {@code minIdle}, from {@code cursor}.
   */
  ClaimedMessages<String, byte[]> claimIdle(String cursor, Duration minIdle, int count) {
    return redis.xautoclaim(
        key, XAutoClaimArgs.Builder.<String>xautoclaim(consumer, minIdle, cursor).count(count));
  }

  /** How many of {@code ids} another consumer took over (or acknowledged); the rest stay fresh. */
  long keepHolding(List<String> ids) {
    long lost = 0;
    for (int from = 0; from < ids.size(); from += IDS_PER_SCRIPT) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_SCRIPT));
      Long n = redis.eval(KEEP_HOLDING, ScriptOutputType.INTEGER, keys(), args(true, chunk));
      lost += n == null ? 0 : n;
    }
    return lost;
  }

  /**
   * Acknowledges {@code ids} and removes them from the stream, clearing the pending mark of each
   * key in {@code latestIds} (key → its newest id in the batch) that still points at that id.
   */
  void ackAndDelete(List<String> ids, Map<String, String> latestIds) {
    for (int from = 0; from < ids.size(); from += IDS_PER_SCRIPT) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_SCRIPT));
      Set<String> inChunk = new HashSet<>(chunk);
      List<byte[]> args = new ArrayList<>(3 + chunk.size() * 3);
      args.add(bytes(WriteBehindStream.GROUP));
      args.add(bytes(consumer.getName()));
      args.add(bytes(Integer.toString(chunk.size())));
      for (String id : chunk) args.add(bytes(id));
      latestIds.forEach(
          (key, id) -> {
            if (inChunk.contains(id)) {
              args.add(bytes(key));
              args.add(bytes(id));
            }
          });
      redis.eval(
          ACK_AND_DELETE,
          ScriptOutputType.INTEGER,
          new String[] {key, WriteBehindStream.pendingKeyOf(key), claimsKey()},
          args.toArray(byte[][]::new));
    }
  }

  /** Removes the group's other consumers that hold nothing and were idle for over {@code idle}. */
  long forgetIdleConsumers(Duration idle) {
    Long n =
        redis.eval(
            FORGET_IDLE,
            ScriptOutputType.INTEGER,
            keys(),
            bytes(WriteBehindStream.GROUP),
            bytes(Long.toString(idle.toMillis())),
            bytes(consumer.getName()));
    return n == null ? 0 : n;
  }

  /**
   * The keys of {@code latestIds} (key → stream id) that a newer entry, stored by any consumer,
   * supersedes; the others are recorded as stored-to-be. The record lives for {@code remember}, or
   * until {@link #trimStored} finds no pending entry it could guard against.
   */
  Set<String> superseded(Map<String, String> latestIds, Duration remember) {
    Set<String> skip = new HashSet<>();
    List<Map.Entry<String, String>> pairs = new ArrayList<>(latestIds.entrySet());
    for (int from = 0; from < pairs.size(); from += IDS_PER_SCRIPT / 2) {
      List<Map.Entry<String, String>> chunk =
          pairs.subList(from, Math.min(pairs.size(), from + IDS_PER_SCRIPT / 2));
      byte[][] args = new byte[1 + 2 * chunk.size()][];
      args[0] = bytes(Long.toString(remember.toMillis()));
      for (int i = 0; i < chunk.size(); i++) {
        args[1 + 2 * i] = bytes(chunk.get(i).getKey());
        args[2 + 2 * i] = bytes(chunk.get(i).getValue());
      }
      List<byte[]> keys =
          redis.eval(SUPERSEDED, ScriptOutputType.MULTI, new String[] {storedKey()}, args);
      if (keys != null) {
        for (byte[] k : keys) skip.add(new String(k, StandardCharsets.UTF_8));
      }
    }
    return skip;
  }

  /**
   * Removes the records of the {@link #superseded} hash that no pending entry is older than, all of
   * them when nothing is pending; returns how many went.
   */
  long trimStored() {
    Long n =
        redis.eval(
            TRIM_STORED,
            ScriptOutputType.INTEGER,
            new String[] {key, storedKey()},
            bytes(WriteBehindStream.GROUP),
            bytes(Integer.toString(IDS_PER_SCRIPT)));
    return n == null ? 0 : n;
  }

  /**
   * Claims the keys of {@code latestIds} (key → the batch's newest id of it) for storing, for
   * {@code hold}; a claim already this consumer's is renewed. See {@link #CLAIM_KEYS}.
   */
  KeyClaims claimKeys(Map<String, String> latestIds, Duration hold) {
    Set<String> superseded = new HashSet<>();
    Set<String> deferred = new HashSet<>();
    List<Map.Entry<String, String>> pairs = new ArrayList<>(latestIds.entrySet());
    for (int from = 0; from < pairs.size(); from += IDS_PER_SCRIPT / 2) {
      List<Map.Entry<String, String>> chunk =
          pairs.subList(from, Math.min(pairs.size(), from + IDS_PER_SCRIPT / 2));
      byte[][] args = new byte[2 + 2 * chunk.size()][];
      args[0] = bytes(consumer.getName());
      args[1] = bytes(Long.toString(hold.toMillis()));
      for (int i = 0; i < chunk.size(); i++) {
        args[2 + 2 * i] = bytes(chunk.get(i).getKey());
        args[3 + 2 * i] = bytes(chunk.get(i).getValue());
      }
      List<byte[]> out =
          redis.eval(
              CLAIM_KEYS,
              ScriptOutputType.MULTI,
              new String[] {WriteBehindStream.pendingKeyOf(key), claimsKey()},
              args);
      for (int i = 0; out != null && i + 1 < out.size(); i += 2) {
        String k = new String(out.get(i + 1), StandardCharsets.UTF_8);
        if (out.get(i)[0] == 's') superseded.add(k);
        else deferred.add(k);
      }
    }
    return new KeyClaims(superseded, deferred);
  }

  /** Writes not yet in the store (acknowledged entries are deleted). */
  long depth() {
    Long n = redis.xlen(key);
    return n == null ? 0 : n;
  }

  /** Which consumer is storing which key, and until when: {@code <consumer>|<epoch ms>}. */
  private String claimsKey() {
    return key + ":storing";
  }

  /** The hash of the newest stored id per key, beside the stream. */
  private String storedKey() {
    return key + ":stored";
  }

  private String[] keys() {
    return new String[] {key};
  }

  /** ARGV: the group, then (for KEEP_HOLDING) this consumer's name, then the ids. */
  private byte[][] args(boolean withConsumer, List<String> ids) {
    int head = withConsumer ? 2 : 1;
    byte[][] args = new byte[head + ids.size()][];
    args[0] = bytes(WriteBehindStream.GROUP);
    if (withConsumer) args[1] = bytes(consumer.getName());
    for (int i = 0; i < ids.size(); i++) args[head + i] = bytes(ids.get(i));
    return args;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
