package io.cachesync.operator.redis;

/**
 * What the operator found out about a CacheSync's Redis in one visit: whether it answered, and how
 * its keyspace notifications stand. Messages are sentences a person can act on.
 */
public record RedisFacts(
    boolean reachable, String reachability, KeyspaceState keyspace, String keyspaceMessage) {

  public enum KeyspaceState {
    /** No events requested. */
    NOT_REQUESTED,
    /** The server sends every requested event (already, or after the operator's CONFIG SET). */
    ENABLED,
    /** Flags are missing and the operator may not set them (manage: false). */
    MISSING,
    /** CONFIG is forbidden (managed Redis): the user must set the flags. */
    CONFIG_FORBIDDEN,
    /** Redis did not answer: unknown. */
    UNKNOWN
  }

  public static RedisFacts unreachable(String why) {
    return new RedisFacts(false, why, KeyspaceState.UNKNOWN, "Redis did not answer: " + why);
  }
}
