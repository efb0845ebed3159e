package io.cachesync.sidecar.keyspace;

/**
 * Whether the Redis server sends the keyspace events the sidecar listens to. Notifications are off
 * by default in Redis and often cannot be checked on managed Redis, so the sidecar says which case
 * it is in, with a {@code detail} sentence a person can act on.
 */
public record NotificationsStatus(State state, String detail) {

  public enum State {
    /** The server's {@code notify-keyspace-events} covers every configured event. */
    ENABLED,
    /** The server's {@code notify-keyspace-events} lacks flags the configured events need. */
    DISABLED,
    /**
     * CONFIG is forbidden (managed Redis, e.g. {@code rename-command CONFIG ""}, or an ACL without
     * it): the setting cannot be verified; events are applied if they arrive.
     */
    UNKNOWN,
    /** The sidecar is configured with no keyspace events. */
    OFF
  }

  public NotificationsStatus {
    if (state == null) throw new IllegalArgumentException("state must not be null");
    detail = detail == null ? "" : detail;
  }
}
