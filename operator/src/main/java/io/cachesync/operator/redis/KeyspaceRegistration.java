package io.cachesync.operator.redis;

/**
 * What one look at a server's {@code notify-keyspace-events} and its {@link KeyspaceLedger} found
 * for one CacheSync, or why nothing could be found. Messages are sentences a person can act on.
 *
 * @param setting the server's notify-keyspace-events ("" when unknown)
 * @param needs the flags the ledger records this CacheSync needs ("" when not registered)
 * @param added the flags the ledger records CacheSync added to the server, for all CacheSyncs
 */
public record KeyspaceRegistration(
    State state, String setting, String needs, String added, String message) {

  public enum State {
    /** The ledger holds this CacheSync's needs and the setting covers them. */
    REGISTERED,
    /** Redis answered; this CacheSync is not (or not fully) registered, or flags went missing. */
    UNREGISTERED,
    /** CONFIG is forbidden to this user (managed Redis): the flags are the user's to set. */
    CONFIG_FORBIDDEN,
    /** Redis did not answer, or refused the ledger's commands: tried again on the next pass. */
    FAILED
  }

  public static KeyspaceRegistration failed(String message) {
    return new KeyspaceRegistration(State.FAILED, "", "", "", message);
  }

  /** Whether the ledger holds exactly {@code required} for this CacheSync and the server has it. */
  public boolean covers(String required) {
    return state == State.REGISTERED && needs.equals(required);
  }
}
