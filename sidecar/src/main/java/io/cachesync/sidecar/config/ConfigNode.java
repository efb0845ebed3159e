package io.cachesync.sidecar.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** One mapping of the YAML tree with its path, so every error names the field it is about. */
final class ConfigNode {
  private final JsonNode node;
  private final String path;

  ConfigNode(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Rejects keys the schema does not know: a typo must not be silently ignored. */
  ConfigNode allow(String... fields) {
    if (node == null || node.isNull()) return this;
    if (!node.isObject()) throw new ConfigException(where() + "must be a mapping");
    Set<String> known = Set.of(fields);
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
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
    JsonNode c = node == null ? null : node.get(field);
    return new ConfigNode(c == null || c.isNull() ? null : c, prefix() + field);
  }

  boolean present() {
    return node != null;
  }

  String text(String field) {
    JsonNode c = node == null ? null : node.get(field);
    if (c == null || c.isNull()) return null;
    if (!c.isValueNode()) throw new ConfigException(prefix() + field + ": must be a single value");
    return c.asText();
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
    JsonNode c = node == null ? null : node.get(field);
    if (c == null || c.isNull()) return null;
    if (!c.isArray()) throw new ConfigException(prefix() + field + ": must be a list");
    List<T> out = new ArrayList<>();
    for (int i = 0; i < c.size(); i++)
      out.add(each.apply(new ConfigNode(c.get(i), prefix() + field + "[" + i + "]")));
    return out;
  }

  /** This node as a single value (for list items). */
  String scalar() {
    if (node == null || !node.isValueNode())
      throw new ConfigException(path + ": must be a single value");
    return node.asText();
  }

  String path() {
    return path;
  }

  private String prefix() {
    return path.isEmpty() ? "" : path + ".";
  }

  private String where() {
    return path.isEmpty() ? "the file " : path + ": ";
  }
}
