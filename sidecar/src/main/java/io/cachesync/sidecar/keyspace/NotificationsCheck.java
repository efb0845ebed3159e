package io.cachesync.sidecar.keyspace;

import io.cachesync.sidecar.keyspace.NotificationsStatus.State;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns what the server said about {@code notify-keyspace-events} into a {@link
 * NotificationsStatus} whose detail tells a person what to run, since a silent listener looks
 * exactly like a quiet keyspace.
 */
final class NotificationsCheck {
  private NotificationsCheck() {}

  static NotificationsStatus off() {
    return new NotificationsStatus(
        State.OFF, "keyspaceNotifications.events is empty: the sidecar does not listen");
  }

  /** The status for the server's setting, as CONFIG GET returned it. */
  static NotificationsStatus of(List<String> events, String serverValue) {
    if (events.isEmpty()) return off();
    String required = KeyspaceFlags.required(events);
    String missing = KeyspaceFlags.missing(required, serverValue);
    if (missing.isEmpty()) {
      return new NotificationsStatus(
          State.ENABLED,
          "Redis has notify-keyspace-events='"
              + serverValue
              + "', which covers "
              + String.join(", ", events));
    }
    return new NotificationsStatus(
        State.DISABLED,
        "Redis has notify-keyspace-events='"
            + serverValue
            + "' but the sidecar needs '"
            + required
            + "' (missing "
            + KeyspaceFlags.explain(missing, events)
            + "), so writes that bypass the sidecars do not invalidate;"
            + " run CONFIG SET notify-keyspace-events "
            + KeyspaceFlags.withAdded(serverValue, missing)
            + " (or let the operator manage it)");
  }

  /** The status when CONFIG GET was refused (renamed away, unknown, or NOPERM). */
  static NotificationsStatus unverifiable(List<String> events, String error) {
    String required = KeyspaceFlags.required(events);
    return new NotificationsStatus(
        State.UNKNOWN,
        "keyspace notifications cannot be verified: CONFIG GET notify-keyspace-events failed ("
            + error
            + "), as on managed Redis; make sure notify-keyspace-events includes '"
            + required
            + "' ("
            + KeyspaceFlags.explain(required, events)
            + "), e.g. in the provider's parameter group; events are applied if they arrive");
  }

  /**
   * The status of a Redis Cluster from each master's own ({@code of} or {@code unverifiable}, by
   * host:port): events come only from the node that holds the key, so one master without the flags
   * silences every key on its slots. The worst state wins and the detail names the masters behind
   * it.
   */
  static NotificationsStatus ofMasters(Map<String, NotificationsStatus> byMaster) {
    if (byMaster.isEmpty()) {
      return new NotificationsStatus(
          State.UNKNOWN, "not checked yet: no master of the Redis Cluster known");
    }
    for (State worst : List.of(State.DISABLED, State.UNKNOWN)) {
      String detail =
          byMaster.entrySet().stream()
              .filter(e -> e.getValue().state() == worst)
              .map(e -> "on Redis Cluster master " + e.getKey() + ": " + e.getValue().detail())
              .collect(Collectors.joining("; "));
      if (!detail.isEmpty()) return new NotificationsStatus(worst, detail);
    }
    NotificationsStatus any = byMaster.values().iterator().next();
    if (any.state() == State.OFF) return any;
    return new NotificationsStatus(
        State.ENABLED,
        "every master of the Redis Cluster ("
            + String.join(", ", byMaster.keySet())
            + ") sends the events: "
            + any.detail());
  }
}
