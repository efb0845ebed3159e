package io.cachesync.operator.redis;

/**
 * What the operator found out about a CacheSync's Redis in one visit: whether it answered, and how
 * its keyspace notifications stand. Messages are sentences a person can act on.
 *
 * @param reachable the sidecars can work: the server answered, or, on Sentinel and Cluster, every
 *     master did
 * @param everyNode every data node answered, replicas included ({@code reachability} names those
 *     that did not)
 */
public record RedisFacts(
    boolean reachable,
    String reachability,
    KeyspaceState keyspace,
    String keyspaceMessage,
    boolean everyNode) {

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

  /** One server: every node is the one that answered, or not. */
  public RedisFacts(
      boolean reachable, String reachability, KeyspaceState keyspace, String keyspaceMessage) {
    this(reachable, reachability, keyspace, keyspaceMessage, reachable);
  }

  /** The same findings with another keyspace verdict. */
  public RedisFacts withKeyspace(KeyspaceState state, String message) {
    return new RedisFacts(reachable, reachability, state, message, everyNode);
  }

  public static RedisFacts unreachable(String why) {
    return new RedisFacts(false, why, KeyspaceState.UNKNOWN, "Redis did not answer: " + why);
  }
}
