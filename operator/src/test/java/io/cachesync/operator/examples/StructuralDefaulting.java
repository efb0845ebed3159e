package io.cachesync.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * What the API server does to a custom resource between decoding and validation, so the schema and
 * the operator's code judge what Kubernetes would store, not what the file says: a {@code null} in
 * a field that is not {@code nullable} is dropped, or replaced by the field's {@code default} if it
 * has one; then every absent field with a {@code default} gets it, also inside defaults just
 * applied (apiextensions-apiserver, {@code PruneNonNullableNullsWithoutDefaults} and {@code
 * Default}).
 */
final class StructuralDefaulting {
  private StructuralDefaulting() {}

  /** A defaulted copy of {@code object}; {@code object} itself is left alone. */
  static JsonNode apply(JsonNode object, JsonNode schema) {
    JsonNode copy = object.deepCopy();
    walk(copy, schema);
    return copy;
  }

  private static void walk(JsonNode x, JsonNode s) {
    if (s == null || s.isMissingNode()) return;
    if (x instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
        JsonNode prop = p.getValue();
        if (prop.has("default")
            && (!o.has(p.getKey()) || nonNullableNull(o.get(p.getKey()), prop))) {
          o.set(p.getKey(), prop.get("default").deepCopy());
        }
      }
      for (String key : o.properties().stream().map(Map.Entry::getKey).toList()) {
        JsonNode prop = fieldSchema(s, key);
        if (prop == null) continue;
        if (nonNullableNull(o.get(key), prop)) {
          if (prop.has("default")) o.set(key, prop.get("default").deepCopy());
          else o.remove(key);
        }
        if (o.has(key)) walk(o.get(key), prop);
      }
    } else if (x instanceof ArrayNode a && s.has("items")) {
      JsonNode items = s.get("items");
      for (int i = 0; i < a.size(); i++) {
        if (nonNullableNull(a.get(i), items) && items.has("default")) {
          a.set(i, items.get("default").deepCopy());
        }
        walk(a.get(i), items);
      }
    }
  }

  private static JsonNode fieldSchema(JsonNode s, String key) {
    if (s.path("properties").has(key)) return s.path("properties").get(key);
    JsonNode additional = s.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }

  private static boolean nonNullableNull(JsonNode value, JsonNode s) {
    return value != null && value.isNull() && !s.path("nullable").asBoolean();
  }
}
