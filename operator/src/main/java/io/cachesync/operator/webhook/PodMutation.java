package io.cachesync.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.template.PodMarks;
import io.cachesync.operator.template.Sidecar;
import io.cachesync.operator.template.SidecarVolumes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Patch that injects a sidecar into a pod, written against the pod exactly as the API
 * server sent it (never a re-serialised copy, which would rewrite fields the operator does not
 * know).
 */
public final class PodMutation {
  public static final String TARGET_ENV = "CACHESYNC_TARGET";
  public static final String SOCKET_ENV = "CACHESYNC_SOCKET";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PodMutation() {}

  /**
   * @param nativeSidecar an init container with {@code restartPolicy: Always}; else a container
   *     appended after the app's
   */
  public static ArrayNode patch(JsonNode pod, Sidecar sidecar, boolean nativeSidecar) {
    JsonPatchOps ops = new JsonPatchOps();
    JsonNode metadata = pod.path("metadata");
    JsonNode spec = pod.path("spec");

    ObjectNode annotations = JsonNodeFactory.instance.objectNode();
    annotations.put(PodMarks.INJECTED, sidecar.cacheSync());
    annotations.put(PodMarks.SIDECAR_HASH, sidecar.hash());
    if (metadata.isObject()) ops.putAll(metadata, "/metadata", "annotations", annotations);
    else ops.putAll(pod, "", "metadata", wrap("annotations", annotations));

    List<JsonNode> volumes = new ArrayList<>();
    sidecar.volumes().forEach(v -> volumes.add(json(v)));
    ops.append(spec, "/spec", "volumes", volumes);

    JsonNode appContainers = spec.path("containers");
    if (nativeSidecar) {
      Container c = SERIALIZATION.clone(sidecar.container());
      c.setRestartPolicy("Always");
      ops.insert(spec, "/spec", "initContainers", nativeSidecarIndex(spec), json(c));
    } else {
      ops.append(spec, "/spec", "containers", List.of(json(sidecar.container())));
    }

    for (int i = 0; i < appContainers.size(); i++) {
      JsonNode container = appContainers.get(i);
      String at = "/spec/containers/" + i;
      ops.append(container, at, "env", appEnv(container, sidecar.grpcPort()));
      if (!mountsSocketDir(container)) {
        ops.append(container, at, "volumeMounts", List.of(json(SidecarVolumes.appSocketMount())));
      }
    }
    return ops.build();
  }

  /**
   * Init containers run one after another, and a native sidecar must be started (its startup probe
   * passed) before the next one runs. So the sidecar goes right after the native sidecars already
   * there (a service mesh proxy, which itself follows the network setup it needs) and before the
   * app's own init containers: those, and the app, then find the cache ready.
   */
  static int nativeSidecarIndex(JsonNode spec) {
    JsonNode init = spec.path("initContainers");
    int index = 0;
    for (int i = 0; i < init.size(); i++) {
      if ("Always".equals(init.get(i).path("restartPolicy").asText())) index = i + 1;
    }
    return index;
  }

  /** What the app needs to find the cache, unless it already says otherwise. */
  private static List<JsonNode> appEnv(JsonNode container, int grpcPort) {
    List<JsonNode> env = new ArrayList<>();
    if (!definesEnv(container, TARGET_ENV)) {
      env.add(json(new EnvVar(TARGET_ENV, "127.0.0.1:" + grpcPort, null)));
    }
    if (!definesEnv(container, SOCKET_ENV)) {
      env.add(json(new EnvVar(SOCKET_ENV, SidecarConfigRenderer.UNIX_SOCKET, null)));
    }
    return env;
  }

  private static boolean definesEnv(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) return true;
    }
    return false;
  }

  /** A container that mounts something of its own at the socket directory keeps it. */
  private static boolean mountsSocketDir(JsonNode container) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (SidecarVolumes.SOCKET_DIR.equals(m.path("mountPath").asText())
          || SidecarVolumes.SOCKET.equals(m.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode wrap(String name, JsonNode value) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set(name, value);
    return o;
  }

  private static JsonNode json(Object value) {
    return SERIALIZATION.convertValue(value, JsonNode.class);
  }
}
