package io.cachesync.sidecar.config;

import java.util.List;
import java.util.Set;

/**
 * Redis keyspace events the sidecar listens to ({@code __keyevent@<db>__:<event>}), so writers that
 * never pass through a sidecar still invalidate. Empty: off.
 */
public record KeyspaceNotificationsConfig(List<String> events) {
  public static final Set<String> KNOWN =
      Set.of("expired", "evicted", "del", "set", "unlink", "rename_from", "rename_to", "expire");

  public KeyspaceNotificationsConfig {
    events = events == null ? List.of() : List.copyOf(events);
    for (String e : events) {
      if (!KNOWN.contains(e)) {
        throw new ConfigException(
            "keyspaceNotifications.events: '"
                + e
                + "' is not one of "
                + String.join(", ", KNOWN.stream().sorted().toList()));
      }
    }
  }

  public static KeyspaceNotificationsConfig off() {
    return new KeyspaceNotificationsConfig(List.of());
  }

  public boolean enabled() {
    return !events.isEmpty();
  }
}
