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

  /** How {@link #reachability} begins when the operator did not look at the server at all. */
  public static final String NOT_INSPECTED = "Sentinel: not inspected yet";

  /**
   * A Sentinel setup: the operator does not ask the sentinels for the master yet, so it neither
   * checks nor sets keyspace flags. Not a reason to hold Ready back, unless keyspace events are
   * asked for: then nobody has checked that the master and its replicas send them.
   */
  public static RedisFacts sentinelNotInspected(boolean keyspaceRequested) {
    return new RedisFacts(
        true,
        NOT_INSPECTED + "; the sidecars find the master through the sentinels",
        keyspaceRequested ? KeyspaceState.UNKNOWN : KeyspaceState.NOT_REQUESTED,
        keyspaceRequested
            ? NOT_INSPECTED
                + ": set notify-keyspace-events on the master and every replica yourself (a"
                + " promoted replica must already send them); the operator does not manage them"
                + " on Sentinel setups yet"
            : "no keyspace events requested");
  }

  /** Whether the operator looked at the server (false on Sentinel setups, for now). */
  public boolean inspected() {
    return !reachability.startsWith(NOT_INSPECTED);
  }

  public static RedisFacts unreachable(String why) {
    return new RedisFacts(false, why, KeyspaceState.UNKNOWN, "Redis did not answer: " + why);
  }
}
