package io.cachesync.operator.redis;

/**
 * Whether a CacheSync's Redis user can do more than a sidecar needs (flush the database, read the
 * server's config, publish on channels or read keys that are not its own), as far as the operator
 * could tell without changing anything. A sentence a person can act on.
 */
public record RedisPrivileges(State state, String message) {
  public enum State {
    /** Every check the operator could run was refused to this user. */
    CONFINED,
    /** The user may do at least one thing it does not need. */
    TOO_BROAD,
    /** Nothing could be checked (Redis did not answer, or answered with something else). */
    UNKNOWN
  }

  public static RedisPrivileges unknown(String why) {
    return new RedisPrivileges(State.UNKNOWN, why);
  }
}
