package io.cachesync.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.model.SecretKeys;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sample AdmissionReviews (src/test/resources/admission), CacheSyncs to match them, and the result
 * of a review: the response, and the pod with the response's patch applied.
 */
public final class Admissions {
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final KubernetesSerialization K8S = new KubernetesSerialization();

  private Admissions() {}

  public static byte[] review(String name) {
    try (InputStream in = Admissions.class.getResourceAsStream("/admission/" + name)) {
      if (in == null) throw new IllegalArgumentException("no test resource admission/" + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CacheSync in {@code shop} selecting {@code app=books}, created at {@code created}. */
  public static CacheSync cacheSync(String name, String created) {
    CacheSync cs = CacheSyncs.minimal("shop", name, "redis://redis.shop.svc:6379");
    cs.getMetadata().setCreationTimestamp(created);
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "books")).build());
    return cs;
  }

  public static CacheSync withCredentials(CacheSync cs) {
    SecretKeys keys = new SecretKeys();
    keys.setSecretName("redis-auth");
    keys.setUsernameKey("user");
    keys.setPasswordKey("pass");
    cs.getSpec().getRedis().setCredentials(keys);
    return cs;
  }

  public static CacheSync invalid(CacheSync cs) {
    CacheSyncStatus status = new CacheSyncStatus();
    Condition ready =
        new ConditionBuilder()
            .withType("Ready")
            .withStatus("False")
            .withReason("InvalidSpec")
            .withMessage("spec.caches[0].ttl: 'ten minutes' is not a duration")
            .build();
    status.setConditions(List.of(ready));
    cs.setStatus(status);
    return cs;
  }

  /** A review's answer, and the pod as the API server would store it. */
  record Result(int status, String body, JsonNode response, JsonNode patch, Pod pod) {
    boolean patched() {
      return patch != null;
    }

    List<String> warnings() {
      List<String> w = new ArrayList<>();
      response.path("warnings").forEach(n -> w.add(n.asText()));
      return w;
    }

    Container container(String name) {
      List<Container> all = new ArrayList<>(pod.getSpec().getInitContainers());
      all.addAll(pod.getSpec().getContainers());
      return all.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }
  }

  public static Result send(AdmissionHandler handler, String name) {
    return answer(review(name), handler.handle(review(name)));
  }

  public static Result answer(byte[] reviewBytes, AdmissionHandler.Reply reply) {
    try {
      String body = new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8);
      if (reply.status() != 200) return new Result(reply.status(), body, null, null, null);
      JsonNode review = JSON.readTree(reviewBytes);
      JsonNode answer = JSON.readTree(reply.body());
      assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
      assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
      JsonNode response = answer.path("response");
      assertThat(response.path("uid").asText())
          .isEqualTo(review.path("request").path("uid").asText());
      assertThat(response.path("allowed").asBoolean()).isTrue();
      JsonNode original = review.path("request").path("object");
      if (!response.has("patch")) {
        assertThat(response.has("patchType")).isFalse();
        return new Result(200, body, response, null, K8S.convertValue(original, Pod.class));
      }
      assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
      JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
      JsonNode patched = JsonPatch.apply(patch, original);
      Pod pod = K8S.unmarshal(JSON.writeValueAsString(patched), Pod.class);
      assertConsistent(pod);
      return new Result(200, body, response, patch, pod);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the API server's validation would reject: duplicate names, mounts of missing volumes. */
  public static void assertConsistent(Pod pod) {
    Set<String> volumes = new HashSet<>();
    for (Volume v : pod.getSpec().getVolumes()) {
      assertThat(volumes.add(v.getName())).as("volume %s is unique", v.getName()).isTrue();
    }
    Set<String> containers = new HashSet<>();
    List<Container> all = new ArrayList<>(pod.getSpec().getInitContainers());
    all.addAll(pod.getSpec().getContainers());
    for (Container c : all) {
      assertThat(containers.add(c.getName())).as("container %s is unique", c.getName()).isTrue();
      Set<String> env = new HashSet<>();
      c.getEnv().forEach(e -> assertThat(env.add(e.getName())).as("env %s", e.getName()).isTrue());
      Set<String> paths = new HashSet<>();
      for (VolumeMount m : c.getVolumeMounts()) {
        assertThat(volumes)
            .as("volume of mount %s in %s", m.getName(), c.getName())
            .contains(m.getName());
        assertThat(paths.add(m.getMountPath())).as("mount path %s", m.getMountPath()).isTrue();
      }
    }
  }
}
