package io.cachesync.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CRD's {@code openAPIV3Schema}, read from the checked-in file, as a validator: {@link #problems}
 * says what the API server would say to a create of the object, one {@code field.path: reason} per
 * problem. Reusable by any test that ships a custom resource (examples, the chart, the quickstart).
 *
 * <p>Judged as Kubernetes judges: the object is first pruned of non-nullable nulls and defaulted
 * ({@link StructuralDefaulting}), then validated against the schema translated to JSON Schema
 * ({@link StructuralSchemaTranslator}): types, int-or-string, nullable, enums, patterns, bounds,
 * required fields; {@code apiVersion} and {@code kind} must name this CRD; {@code metadata} must
 * have a DNS-1123 name (and label, if given, namespace).
 *
 * <p>Unknown fields are rejected. The API server itself would store the object without them
 * (pruning); kubectl, which by default asks for strict field validation, gets an error instead.
 * Either way a field the server drops is a setting the manifest only pretends to make, so for
 * checked-in manifests rejecting is the honest reading.
 *
 * <p>Not covered: the CEL rules ({@code x-kubernetes-validations}; {@link #celRules} lists them for
 * a caller that evaluates or mirrors them); regex dialect (Java here, RE2 there; the CRD's patterns
 * use the common subset); the bare scalars {@code y} and {@code n}, which kubectl's YAML reader
 * takes for booleans and {@link Manifests} for strings ({@code yes}, {@code off}, octal and the
 * like are read alike); ObjectMeta rules beyond the name, namespace and label values; the syntax of
 * resource quantities (the CRD says int-or-string, so does this check); and {@code status}, which
 * is validated here although the API server ignores it on create. Schema keywords it cannot judge
 * faithfully make loading fail rather than pass silently.
 */
public final class CrdSchema {
  /** The checked-in CRD, seen from the operator module (where Maven runs its tests). */
  public static final Path CACHESYNC_CRD = Path.of("../crds/cachesyncs.cachesync.io-v1.yml");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the API server checks of a custom resource's metadata on its own. */
  private static final String OBJECT_META =
      """
      {
        "type": "object",
        "additionalProperties": false,
        "required": ["name"],
        "properties": {
          "name": {"type": "string", "maxLength": 253,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"},
          "namespace": {"type": "string", "maxLength": 63,
            "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
          "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 63,
            "pattern": "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$"}},
          "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
          "generateName": {"type": "string"},
          "finalizers": {"type": "array", "items": {"type": "string"}},
          "ownerReferences": {"type": "array", "items": {"type": "object"}},
          "uid": {}, "resourceVersion": {}, "generation": {}, "creationTimestamp": {},
          "deletionTimestamp": {}, "deletionGracePeriodSeconds": {}, "managedFields": {},
          "selfLink": {}
        }
      }
      """;

  private final JsonNode openApi;
  private final JsonSchema schema;
  private final List<CelRule> celRules;

  private CrdSchema(JsonNode openApi, JsonSchema schema, List<CelRule> celRules) {
    this.openApi = openApi;
    this.schema = schema;
    this.celRules = celRules;
  }

  /** The CacheSync CRD in {@code crds/}, version v1alpha1. */
  public static CrdSchema cacheSync() {
    return load(CACHESYNC_CRD, "v1alpha1");
  }

  public static CrdSchema load(Path crdFile, String version) {
    List<JsonNode> docs = Manifests.read(crdFile);
    if (docs.size() != 1) {
      throw new IllegalArgumentException(crdFile + ": expected one CRD, found " + docs.size());
    }
    JsonNode spec = docs.get(0).path("spec");
    JsonNode openApi = null;
    List<String> versions = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      versions.add(v.path("name").asText());
      if (v.path("name").asText().equals(version)) {
        openApi = v.path("schema").path("openAPIV3Schema");
      }
    }
    if (openApi == null || openApi.isMissingNode()) {
      throw new IllegalArgumentException(
          crdFile
              + ": no openAPIV3Schema for version "
              + version
              + " (versions: "
              + versions
              + ")");
    }
    ObjectNode root = StructuralSchemaTranslator.translate(openApi);
    addResourceFrame(
        root,
        spec.path("group").asText() + "/" + version,
        spec.path("names").path("kind").asText());
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(root, SchemaValidatorsConfig.builder().build());
    List<CelRule> rules = new ArrayList<>();
    collectCelRules(openApi, "", rules);
    return new CrdSchema(openApi, schema, List.copyOf(rules));
  }

  /** The object as the API server would store it: nulls pruned, defaults applied. */
  public JsonNode admitted(JsonNode resource) {
    return StructuralDefaulting.apply(resource, openApi);
  }

  /** Empty when the API server's schema check would accept the object; sorted by path. */
  public List<String> problems(JsonNode resource) {
    return schema.validate(admitted(resource)).stream()
        .map(CrdSchema::describe)
        .sorted()
        .distinct()
        .toList();
  }

  /** The CEL rules the schema carries, which {@link #problems} does not evaluate. */
  public List<CelRule> celRules() {
    return celRules;
  }

  /** One {@code x-kubernetes-validations} entry and the field it sits on ({@code [*]}: items). */
  public record CelRule(String path, String rule, String message, String fieldPath) {}

  /** apiVersion, kind and metadata: every custom resource has them without the CRD saying so. */
  private static void addResourceFrame(ObjectNode root, String apiVersion, String kind) {
    ObjectNode props = root.withObjectProperty("properties");
    if (props.has("metadata")) {
      throw new IllegalArgumentException(
          "the CRD restricts metadata, which " + CrdSchema.class.getSimpleName() + " ignores");
    }
    props.putObject("apiVersion").put("type", "string").putArray("enum").add(apiVersion);
    props.putObject("kind").put("type", "string").putArray("enum").add(kind);
    try {
      props.set("metadata", JSON.readTree(OBJECT_META));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ArrayNode required = root.withArrayProperty("required");
    for (String field : List.of("apiVersion", "kind", "metadata")) {
      boolean present = false;
      for (JsonNode r : required) present |= r.asText().equals(field);
      if (!present) required.add(field);
    }
  }

  private static void collectCelRules(JsonNode s, String at, List<CelRule> out) {
    for (JsonNode v : s.path("x-kubernetes-validations")) {
      out.add(
          new CelRule(
              at.isEmpty() ? "<root>" : at,
              v.path("rule").asText(),
              v.path("message").asText(null),
              v.path("fieldPath").asText(null)));
    }
    for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
      collectCelRules(p.getValue(), at.isEmpty() ? p.getKey() : at + "." + p.getKey(), out);
    }
    if (s.has("items")) collectCelRules(s.get("items"), at + "[*]", out);
    if (s.path("additionalProperties").isObject()) {
      collectCelRules(s.get("additionalProperties"), at + "[*]", out);
    }
  }

  /** Kubernetes' wording where it differs from the validator's: field paths, Required value. */
  private static String describe(ValidationMessage m) {
    String at = path(m.getInstanceLocation());
    return switch (m.getType()) {
      case "required" -> child(at, m.getProperty()) + ": Required value";
      case "additionalProperties" -> child(at, m.getProperty()) + ": unknown field";
      default -> (at.isEmpty() ? "<root>" : at) + ": " + m.getError();
    };
  }

  private static String path(JsonNodePath p) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < p.getNameCount(); i++) {
      Object e = p.getElement(i);
      if (e instanceof Integer index) b.append('[').append(index).append(']');
      else b.append(b.isEmpty() ? "" : ".").append(e);
    }
    return b.toString();
  }

  private static String child(String at, String field) {
    return at.isEmpty() ? field : at + "." + field;
  }
}
