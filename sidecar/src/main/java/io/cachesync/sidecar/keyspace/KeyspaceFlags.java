package io.cachesync.sidecar.keyspace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code notify-keyspace-events} flags that Redis needs for the events the sidecar listens to,
 * and which of them a server's setting lacks. Redis publishes an event only if its class flag is
 * set and, for the {@code __keyevent@<db>__:*} channels the listener reads, {@code E} too.
 */
public final class KeyspaceFlags {
  /** The keyevent channels, needed whatever the events. */
  public static final char KEYEVENT = 'E';

  /**
   * What {@code A} stands for in Redis 7 (every class but key-miss {@code m} and new-key {@code
   * n}).
   */
  static final String ALL_CLASSES = "g$lshzxetd";

  /** Flags in the order they are shown, so sentences and suggestions read the same every time. */
  private static final String ORDER = "Exeg$";

  private KeyspaceFlags() {}

  /**
   * The class flag of one event: x expired, e evicted, $ set, g the generic ones (del, expire,
   * rename).
   */
  public static char flagOf(String event) {
    return switch (event) {
      case "expired" -> 'x';
      case "evicted" -> 'e';
      case "set" -> '$';
      default -> 'g'; // del, unlink, expire, rename_from, rename_to
    };
  }

  /** The flags the events need, E first: {@code [expired]} needs {@code "Ex"}. */
  public static String required(Collection<String> events) {
    StringBuilder needed = new StringBuilder().append(KEYEVENT);
    for (String event : events) needed.append(flagOf(event));
    return ordered(needed);
  }

  /**
   * The flags in {@code required} that the server's setting (as CONFIG GET returns it, e.g. {@code
   * "AKE"} or {@code "gxE"}) does not cover; empty when it covers them all.
   */
  public static String missing(String required, String serverValue) {
    String present = expand(serverValue == null ? "" : serverValue);
    StringBuilder missing = new StringBuilder();
    for (char flag : required.toCharArray()) {
      if (present.indexOf(flag) < 0) missing.append(flag);
    }
    return ordered(missing);
  }

  /** Which of the events each missing flag is for: {@code 'g' for del, expire}. */
  static String explain(String missing, Collection<String> events) {
    Map<Character, List<String>> byFlag = new LinkedHashMap<>();
    for (char flag : missing.toCharArray()) byFlag.put(flag, new ArrayList<>());
    byFlag.computeIfPresent(KEYEVENT, (f, list) -> List.of("the keyevent channels"));
    for (String event : events) {
      List<String> list = byFlag.get(flagOf(event));
      if (list != null && !list.contains(event)) list.add(event);
    }
    return byFlag.entrySet().stream()
        .map(e -> "'" + e.getKey() + "' for " + String.join(", ", e.getValue()))
        .collect(Collectors.joining("; "));
  }

  /**
   * The server's setting with the missing flags added, so a suggested CONFIG SET removes nothing.
   */
  static String withAdded(String serverValue, String missing) {
    return (serverValue == null ? "" : serverValue) + missing;
  }

  private static String expand(String value) {
    return value.replace("A", ALL_CLASSES);
  }

  private static String ordered(CharSequence flags) {
    StringBuilder out = new StringBuilder();
    for (char flag : ORDER.toCharArray()) {
      if (flags.chars().anyMatch(c -> c == flag)) out.append(flag);
    }
    return out.toString();
  }
}
