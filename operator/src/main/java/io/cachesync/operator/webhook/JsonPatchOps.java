package io.cachesync.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * RFC 6902 {@code add} operations against a document that may lack the objects and arrays they go
 * into: the first value creates the missing member whole, later ones append to it. An API server
 * rejects a patch whose parent path does not exist, and a pod may have no annotations, volumes,
 * init containers or env at all.
 */
final class JsonPatchOps {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final ArrayNode ops = JSON.arrayNode();

  /**
   * Puts {@code entries} into the object {@code member} of {@code holder}, creating it if absent.
   */
  JsonPatchOps putAll(JsonNode holder, String parentPath, String member, ObjectNode entries) {
    JsonNode existing = holder.get(member);
    if (existing == null || !existing.isObject()) {
      add(parentPath + "/" + escape(member), entries);
    } else {
      entries
          .fields()
          .forEachRemaining(
              e -> add(parentPath + "/" + escape(member) + "/" + escape(e.getKey()), e.getValue()));
    }
    return this;
  }

  /** Appends to the array {@code member} of {@code holder}, creating it when absent or null. */
  JsonPatchOps append(JsonNode holder, String parentPath, String member, List<JsonNode> values) {
    if (values.isEmpty()) return this;
    JsonNode existing = holder.get(member);
    String path = parentPath + "/" + escape(member);
    if (existing == null || !existing.isArray()) {
      ArrayNode all = JSON.arrayNode();
      values.forEach(all::add);
      add(path, all);
    } else {
      for (JsonNode v : values) add(path + "/-", v);
    }
    return this;
  }

  /** Inserts into the array {@code member} at {@code index}, creating it when absent or null. */
  JsonPatchOps insert(
      JsonNode holder, String parentPath, String member, int index, JsonNode value) {
    JsonNode existing = holder.get(member);
    String path = parentPath + "/" + escape(member);
    if (existing == null || !existing.isArray()) {
      add(path, JSON.arrayNode().add(value));
    } else {
      add(path + "/" + index, value);
    }
    return this;
  }

  ArrayNode build() {
    return ops.deepCopy();
  }

  private void add(String path, JsonNode value) {
    ops.addObject().put("op", "add").put("path", path).set("value", value);
  }

  /** RFC 6901: {@code ~} and {@code /} in a key, as in {@code cachesync.io/injected}. */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
