package io.cachesync.sidecar.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One node of the YAML tree as SnakeYAML's safe loader builds it (a {@code Map}, a {@code List} or
 * a scalar), with its path, so every error names the field it is about.
 */
final class ConfigNode {
  private final Object node;
  private final String path;

  ConfigNode(Object node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Rejects keys the schema does not know: a typo must not be silently ignored. */
  ConfigNode allow(String... fields) {
    if (node == null) return this;
    if (!(node instanceof Map<?, ?> map)) throw new ConfigException(where() + "must be a mapping");
    Set<String> known = Set.of(fields);
    for (Object key : map.keySet()) {
      String n = String.valueOf(key);
      if (!known.contains(n)) {
        throw new ConfigException(
            prefix()
                + n
                + ": unknown field; "
                + (path.isEmpty() ? "top-level" : path)
                + " accepts "
                + String.join(", ", fields));
      }
    }
    return this;
  }

  ConfigNode child(String field) {
    return new ConfigNode(get(field), prefix() + field);
  }

  boolean present() {
    return node != null;
  }

  String text(String field) {
    Object c = get(field);
    if (c == null) return null;
    if (!isScalar(c)) throw new ConfigException(prefix() + field + ": must be a single value");
    return String.valueOf(c);
  }

  int integer(String field) {
    Long v = longValue(field);
    if (v == null) return 0;
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)
      throw new ConfigException(prefix() + field + ": " + v + " is too large");
    return v.intValue();
  }

  Long longValue(String field) {
    String t = text(field);
    if (t == null) return null;
    try {
      return Long.parseLong(t.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(prefix() + field + ": '" + t + "' is not a whole number");
    }
  }

  /** {@code true} or {@code false} (any case), null when absent; anything else is an error. */
  Boolean bool(String field) {
    String t = text(field);
    if (t == null) return null;
    if (t.equalsIgnoreCase("true")) return true;
    if (t.equalsIgnoreCase("false")) return false;
    throw new ConfigException(prefix() + field + ": '" + t + "' is not true or false");
  }

  /** A decimal number such as {@code 0.5}, null when absent. */
  Double decimal(String field) {
    String t = text(field);
    if (t == null) return null;
    try {
      return Double.parseDouble(t.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(prefix() + field + ": '" + t + "' is not a number, e.g. 0.5");
    }
  }

  Duration duration(String field) {
    String t = text(field);
    return t == null ? null : Durations.parse(prefix() + field, t);
  }

  Long bytes(String field) {
    String t = text(field);
    return t == null ? null : ByteSizes.parse(prefix() + field, t);
  }

  <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    String t = text(field);
    if (t == null) return null;
    for (E e : type.getEnumConstants()) if (e.name().equals(t)) return e;
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) names.add(e.name());
    throw new ConfigException(
        prefix() + field + ": '" + t + "' is not one of " + String.join(" | ", names));
  }

  <T> List<T> list(String field, Function<ConfigNode, T> each) {
    Object c = get(field);
    if (c == null) return null;
    if (!(c instanceof List<?> items))
      throw new ConfigException(prefix() + field + ": must be a list");
    List<T> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++)
      out.add(each.apply(new ConfigNode(items.get(i), prefix() + field + "[" + i + "]")));
    return out;
  }

  /** This node as a single value (for list items). */
  String scalar() {
    if (node == null || !isScalar(node))
      throw new ConfigException(path + ": must be a single value");
    return String.valueOf(node);
  }

  String path() {
    return path;
  }

  /** The field's value; null when absent, null in the file, or this node is not a mapping. */
  private Object get(String field) {
    return node instanceof Map<?, ?> map ? map.get(field) : null;
  }

  private static boolean isScalar(Object value) {
    return !(value instanceof Map<?, ?>) && !(value instanceof List<?>);
  }

  private String prefix() {
    return path.isEmpty() ? "" : path + ".";
  }

  private String where() {
    return path.isEmpty() ? "the file " : path + ": ";
  }
}
