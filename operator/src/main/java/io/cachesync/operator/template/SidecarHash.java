package io.cachesync.operator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A stable digest of what a running sidecar cannot pick up by itself: the injected container and
 * volumes, and the rendered config's sections the sidecar applies only on restart (everything but
 * {@code caches} and {@code loader}, which it reloads live). SHA-256 of their JSON with object keys
 * sorted, so it depends on content and not on field order. The container's {@code restartPolicy} is
 * left out: it only says whether the cluster runs native sidecars, and a cluster upgrade should not
 * make every pod outdated.
 */
final class SidecarHash {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final ObjectMapper CANONICAL = new ObjectMapper();

  private SidecarHash() {}

  /**
   * @param restartOnlyConfig the rendered sidecar config without the sections reloaded live
   */
  static String of(Container container, List<Volume> volumes, JsonNode restartOnlyConfig) {
    Container c = JSON.clone(container);
    c.setRestartPolicy(null);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("container", JSON.convertValue(c, JsonNode.class));
    root.set("volumes", JSON.convertValue(volumes, JsonNode.class));
    root.set("config", restartOnlyConfig);
    try {
      byte[] bytes = CANONICAL.writeValueAsBytes(sorted(root));
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot hash the sidecar", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(String::compareTo);
      for (String n : names) out.set(n, sorted(node.get(n)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return node;
  }
}
