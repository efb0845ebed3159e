package io.cachesync.operator.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The reference count of {@code notify-keyspace-events} flags, kept where the setting lives: a hash
 * on the server, {@value #KEY}, with a field per CacheSync UID holding the flags it needs, and the
 * field {@value #ADDED} holding the flags CacheSync added (absent before). A flag is taken back
 * only when it is in {@value #ADDED} and no registered CacheSync needs it, so flags the server had
 * before are never removed.
 *
 * <p>Every change is read, then written in one MULTI/EXEC under WATCH of the hash, retried when
 * another CacheSync changed it meanwhile: any write of the setting also writes the hash, so two
 * operators (or two reconciles) never lose each other's flags. (CONFIG is not allowed in Lua
 * scripts, but is in a transaction.)
 */
public final class KeyspaceLedger {
  public static final String KEY = "cachesync:keyspace-flags";
  static final String ADDED = "added";
  private static final String SETTING = "notify-keyspace-events";
  private static final int ATTEMPTS = 50;

  private KeyspaceLedger() {}

  /** What the server and the ledger say about {@code uid}, without changing anything. */
  static KeyspaceRegistration observe(RedisCommands<String, String> redis, String uid) {
    String setting;
    try {
      setting = setting(redis);
    } catch (RedisCommandExecutionException e) {
      return forbidden("", e);
    }
    Map<String, String> ledger = redis.hgetall(KEY);
    String needs = ledger.getOrDefault(uid, "");
    String added = ledger.getOrDefault(ADDED, "");
    boolean covered = !needs.isEmpty() && KeyspaceFlags.missing(needs, setting).isEmpty();
    return new KeyspaceRegistration(
        covered ? KeyspaceRegistration.State.REGISTERED : KeyspaceRegistration.State.UNREGISTERED,
        setting,
        needs,
        added,
        covered
            ? "notify-keyspace-events='" + setting + "' covers '" + needs + "'"
            : "notify-keyspace-events='" + setting + "' is not registered for '" + needs + "'");
  }

  /**
   * Records that {@code uid} needs {@code needs} and adds the flags the setting lacks, noting them
   * as added by CacheSync. {@code inherited}: flags an older operator recorded in the CacheSync's
   * status as added by it on this server; those still set join {@value #ADDED}.
   */
  static KeyspaceRegistration register(
      RedisCommands<String, String> redis, String uid, String needs, String inherited) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      redis.watch(KEY);
      String setting;
      try {
        setting = setting(redis);
      } catch (RedisCommandExecutionException e) {
        redis.unwatch();
        return forbidden(needs, e);
      }
      Map<String, String> ledger = redis.hgetall(KEY);
      String missing = KeyspaceFlags.missing(needs, setting);
      String had = ledger.getOrDefault(ADDED, "");
      String added =
          KeyspaceFlags.union(
              KeyspaceFlags.union(had, KeyspaceFlags.common(inherited, setting)), missing);
      String next = KeyspaceFlags.merge(setting, missing);
      redis.multi();
      redis.hset(KEY, uid, needs);
      if (!added.equals(had)) redis.hset(KEY, ADDED, added);
      // queued through the async API: a refusal at queue time is kept on its future, where EXEC
      // only says EXECABORT
      RedisFuture<String> set =
          missing.isEmpty() ? null : redis.getStatefulConnection().async().configSet(SETTING, next);
      TransactionResult result;
      try {
        result = redis.exec();
      } catch (RedisCommandExecutionException e) {
        RuntimeException refused = refusal(set);
        if (refused != null) return forbidden(needs, refused);
        throw e;
      }
      if (result.wasDiscarded()) continue;
      return new KeyspaceRegistration(
          KeyspaceRegistration.State.REGISTERED,
          next,
          needs,
          added,
          missing.isEmpty()
              ? "notify-keyspace-events='" + setting + "' covers '" + needs + "'"
              : "added '" + missing + "' to notify-keyspace-events (was '" + setting + "')");
    }
    return KeyspaceRegistration.failed(
        "the ledger " + KEY + " kept changing under " + ATTEMPTS + " attempts: tried again later");
  }

  /**
   * Drops {@code uid}'s registration and takes back the flags CacheSync added that no other
   * registered CacheSync needs ({@code inherited}: as for {@link #register}). The message says what
   * changed.
   */
  static FlagsWithdrawal release(
      RedisCommands<String, String> redis, String uid, String inherited) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      redis.watch(KEY);
      String setting;
      try {
        setting = setting(redis);
      } catch (RedisCommandExecutionException e) {
        redis.unwatch();
        // nothing was ever set here through CONFIG, so there is nothing to take back
        return new FlagsWithdrawal(
            true, "", "this Redis does not allow CONFIG: CacheSync changed nothing in it");
      }
      Map<String, String> ledger = redis.hgetall(KEY);
      StringBuilder others = new StringBuilder();
      ledger.forEach(
          (field, flags) -> {
            if (!field.equals(uid) && !field.equals(ADDED)) others.append(flags);
          });
      String had = ledger.getOrDefault(ADDED, "");
      String added = KeyspaceFlags.union(had, KeyspaceFlags.common(inherited, setting));
      String withdraw = KeyspaceFlags.without(added, others.toString());
      String keep = KeyspaceFlags.without(added, withdraw);
      String next = KeyspaceFlags.without(KeyspaceFlags.expand(setting), withdraw);
      boolean changes = !KeyspaceFlags.missing(withdraw, setting).equals(withdraw);
      redis.multi();
      redis.hdel(KEY, uid);
      if (keep.isEmpty()) redis.hdel(KEY, ADDED);
      else if (!keep.equals(had)) redis.hset(KEY, ADDED, keep);
      if (changes) redis.configSet(SETTING, next);
      TransactionResult result = redis.exec();
      if (result.wasDiscarded()) continue;
      if (!changes) {
        return new FlagsWithdrawal(
            true,
            "",
            "notify-keyspace-events='"
                + setting
                + "' stays: "
                + (added.isEmpty()
                    ? "CacheSync added nothing to it"
                    : "other CacheSyncs still need '" + added + "'"));
      }
      String removed = KeyspaceFlags.common(withdraw, KeyspaceFlags.expand(setting));
      return new FlagsWithdrawal(
          true,
          removed,
          "removed '"
              + removed
              + "' from notify-keyspace-events ('"
              + setting
              + "' is now '"
              + next
              + "')");
    }
    return new FlagsWithdrawal(
        false, "", "the ledger " + KEY + " kept changing under " + ATTEMPTS + " attempts");
  }

  /** The error a queued command was refused with, or null. */
  private static RuntimeException refusal(RedisFuture<String> queued) {
    if (queued == null || !queued.isDone()) return null;
    try {
      queued.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause() instanceof RedisCommandExecutionException refused ? refused : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String setting(RedisCommands<String, String> redis) {
    return redis.configGet(SETTING).getOrDefault(SETTING, "");
  }

  private static KeyspaceRegistration forbidden(String needs, RuntimeException e) {
    return new KeyspaceRegistration(
        KeyspaceRegistration.State.CONFIG_FORBIDDEN,
        "",
        "",
        "",
        RedisInspector.forbidden(needs, e));
  }
}
