package io.cachesync.operator.reconcile;

import io.cachesync.operator.redis.FlagsWithdrawal;
import io.cachesync.operator.redis.RedisEndpoint;

/**
 * What giving back a CacheSync's keyspace registration on {@code server} came to, handed from the
 * keyspace dependent to the finalizer and the status through the reconcile's context.
 *
 * @param needs the flags the CacheSync asked for, to name them when they may be left behind
 * @param loginProblem the credentials or TLS Secrets could not be read: waiting will not help
 * @param recorded the status named the server: a registration there is known, not just possible
 */
record KeyspaceRelease(
    RedisEndpoint server,
    String needs,
    FlagsWithdrawal withdrawal,
    boolean loginProblem,
    boolean recorded) {

  /** Whether a deletion should wait for Redis to answer again. */
  boolean worthWaiting() {
    return recorded && !loginProblem;
  }
}
