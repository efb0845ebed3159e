package io.cachesync.operator.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A lease on a Sentinel or Cluster setup's keyspace ledger, held while {@code CONFIG SET} fans out
 * to its nodes: the settings of other nodes cannot join the ledger's MULTI/EXEC, so without it two
 * operators (or two CacheSyncs reconciled at once) could each merge their flags into a setting read
 * before the other's write, and one would lose its flags on some node. The lease is the ledger's
 * field {@value #FIELD}, {@code "<token> <expiry ms>"}, taken with HSETNX; one left by an operator
 * that died is taken over once expired, by the ledger node's clock ({@code TIME}), so operators on
 * hosts whose clocks differ agree.
 */
final class LedgerLock {
  static final String FIELD = "lock";
  static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long PAUSE_MS = 50;

  private LedgerLock() {}

  /** Runs {@code work} on the ledger node's connection while holding the lease. */
  static <T> T holding(
      RedisConnector connector,
      RedisAccess access,
      TopologyNode ledger,
      Function<RedisCommands<String, String>, T> work) {
    return connector.onData(
        ledger.uri(access.url()),
        access,
        (StatefulRedisConnection<String, String> c) -> {
          RedisCommands<String, String> redis = c.sync();
          String held = acquire(redis, ledger);
          try {
            return work.apply(redis);
          } finally {
            release(redis, held);
          }
        });
  }

  private static String acquire(RedisCommands<String, String> redis, TopologyNode ledger) {
    String token = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long now = serverMillis(redis);
      String mine = token + " " + (now + LEASE.toMillis());
      if (redis.hsetnx(KeyspaceLedger.KEY, FIELD, mine)) return mine;
      redis.watch(KeyspaceLedger.KEY);
      String other = redis.hget(KeyspaceLedger.KEY, FIELD);
      if (other == null || expiry(other) < now) {
        redis.multi();
        redis.hset(KeyspaceLedger.KEY, FIELD, mine);
        if (!redis.exec().wasDiscarded()) return mine;
        continue;
      }
      redis.unwatch();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the keyspace ledger on "
                + ledger.hostPort()
                + " stayed locked by another operator for "
                + WAIT.toSeconds()
                + " s (field "
                + FIELD
                + " of "
                + KeyspaceLedger.KEY
                + "): tried again later");
      }
      pause();
    }
  }

  /** Gives the lease back, unless it expired and another operator holds it now. */
  private static void release(RedisCommands<String, String> redis, String mine) {
    redis.watch(KeyspaceLedger.KEY);
    if (!mine.equals(redis.hget(KeyspaceLedger.KEY, FIELD))) {
      redis.unwatch();
      return;
    }
    redis.multi();
    redis.hdel(KeyspaceLedger.KEY, FIELD);
    redis.exec(); // discarded: the ledger changed, and the lease is no longer ours to drop
  }

  private static long expiry(String held) {
    try {
      return Long.parseLong(held.substring(held.lastIndexOf(' ') + 1));
    } catch (NumberFormatException e) {
      return 0; // not ours to read: treat as expired
    }
  }

  private static long serverMillis(RedisCommands<String, String> redis) {
    List<String> time = redis.time();
    return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the keyspace ledger", e);
    }
  }
}
