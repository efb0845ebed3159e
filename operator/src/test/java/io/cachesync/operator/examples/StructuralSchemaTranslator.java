package io.cachesync.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Turns a CRD's structural OpenAPI v3 schema into a JSON Schema (draft 4, the dialect OpenAPI 3.0
 * builds on) that a stock validator judges the way the API server does.
 *
 * <p>What changes: {@code nullable} becomes a {@code "null"} type; {@code
 * x-kubernetes-int-or-string} becomes {@code type: [integer, string]}; {@code
 * x-kubernetes-list-type: set} becomes {@code uniqueItems}; every object that neither lists its
 * values with {@code additionalProperties} nor says {@code x-kubernetes-preserve-unknown-fields}
 * gets {@code additionalProperties: false}, because the API server would not keep a field it does
 * not know. Only the structural part is closed: branches of {@code anyOf}, {@code allOf}, {@code
 * oneOf} and {@code not} may only restate fields, so closing them would reject valid objects.
 *
 * <p>What it refuses: a keyword it does not know how to judge faithfully ({@code format}, list
 * maps, embedded resources, anything new) fails the translation, naming the keyword and where it
 * stands, so a CRD that outgrows this class breaks its tests instead of being checked less than
 * they claim. {@code default}s are applied to the object beforehand ({@link StructuralDefaulting});
 * CEL rules ({@code x-kubernetes-validations}) are left to the caller ({@link CrdSchema#celRules}).
 */
final class StructuralSchemaTranslator {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Keywords whose meaning is the same in draft 4, copied (after translating sub-schemas). */
  private static final Set<String> SAME_MEANING =
      Set.of(
          "type",
          "enum",
          "pattern",
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minItems",
          "maxItems",
          "uniqueItems",
          "minProperties",
          "maxProperties",
          "required");

  /** Keywords that do not judge a value, or that other steps handle. */
  private static final Set<String> NOT_JUDGED_HERE =
      Set.of(
          "description",
          "title",
          "example",
          "externalDocs",
          "default",
          "x-kubernetes-validations",
          "x-kubernetes-map-type");

  private StructuralSchemaTranslator() {}

  static ObjectNode translate(JsonNode openApi) {
    return translate(openApi, true, "");
  }

  private static ObjectNode translate(JsonNode s, boolean structural, String at) {
    ObjectNode out = JSON.objectNode();
    for (Map.Entry<String, JsonNode> f : s.properties()) {
      String key = f.getKey();
      JsonNode value = f.getValue();
      switch (key) {
        case "properties" -> {
          ObjectNode props = out.putObject("properties");
          for (Map.Entry<String, JsonNode> p : value.properties()) {
            props.set(p.getKey(), translate(p.getValue(), structural, at + "." + p.getKey()));
          }
        }
        case "items" -> out.set("items", translate(value, structural, at + "[*]"));
        case "additionalProperties" ->
            out.set(
                "additionalProperties",
                value.isBoolean() ? value : translate(value, structural, at + ".*"));
        case "anyOf", "allOf", "oneOf" -> {
          ArrayNode branches = out.putArray(key);
          value.forEach(b -> branches.add(translate(b, false, at)));
        }
        case "not" -> out.set("not", translate(value, false, at));
        case "nullable", "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields" -> {
          // folded in below, once every keyword is known
        }
        case "x-kubernetes-list-type" -> {
          if (value.asText().equals("set")) out.put("uniqueItems", true);
          else if (!value.asText().equals("atomic")) throw refused(key + ": " + value, at);
        }
        default -> {
          if (SAME_MEANING.contains(key)) out.set(key, value.deepCopy());
          else if (!NOT_JUDGED_HERE.contains(key)) throw refused(key, at);
        }
      }
    }
    if (s.path("x-kubernetes-int-or-string").asBoolean()) {
      // the anyOf fabric8 writes next to the flag says the same; one type list gives one message
      out.remove("anyOf");
      out.set("type", JSON.arrayNode().add("integer").add("string"));
    }
    boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    if (structural
        && !preserve
        && "object".equals(s.path("type").asText())
        && !s.has("additionalProperties")) {
      out.put("additionalProperties", false);
    }
    if (s.path("nullable").asBoolean()) allowNull(out);
    return out;
  }

  private static void allowNull(ObjectNode out) {
    JsonNode type = out.get("type");
    if (type != null && type.isTextual()) {
      out.set("type", JSON.arrayNode().add(type.asText()).add("null"));
    } else if (type != null && type.isArray()) {
      ((ArrayNode) type).add("null");
    }
    if (out.get("enum") instanceof ArrayNode values) values.addNull();
  }

  private static IllegalArgumentException refused(String keyword, String at) {
    return new IllegalArgumentException(
        "the CRD schema uses '"
            + keyword
            + "' at "
            + (at.isEmpty() ? "the root" : at.substring(1))
            + ", which "
            + StructuralSchemaTranslator.class.getSimpleName()
            + " does not translate yet; teach it before trusting the check");
  }
}
