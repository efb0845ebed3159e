package io.cachesync.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The validating webhook fed AdmissionReviews of CacheSyncs, as the API server sends them. */
class CacheSyncAdmissionHandlerTest {
  final ValidationMetrics metrics = new ValidationMetrics(new PrometheusRegistry());
  final CacheSyncAdmissionHandler handler =
      new CacheSyncAdmissionHandler(
          AdmissionPolicy.defaultsFor("cachesync/sidecar:0.1.0"),
          AdmissionHandlerTest.SECRETS,
          metrics);

  static CacheSync catalogue() {
    return Admissions.cacheSync("catalogue", "2025-01-01T00:00:00Z");
  }

  static SidecarSpec sidecar(CacheSync cs) {
    return AdmissionHandlerTest.sidecar(cs);
  }

  /** An AdmissionReview of {@code operation} on {@code cs} (and {@code old}, for an UPDATE). */
  static byte[] review(String operation, CacheSync cs, CacheSync old) {
    ObjectNode review = Admissions.JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", "0d7c1b7e-1111-4a61-9d1e-2f0b8c7d5a11");
    request
        .putObject("kind")
        .put("group", "cachesync.io")
        .put("version", "v1alpha1")
        .put("kind", "CacheSync");
    request
        .putObject("resource")
        .put("group", "cachesync.io")
        .put("version", "v1alpha1")
        .put("resource", "cachesyncs");
    request.put("namespace", "shop").put("name", "catalogue").put("operation", operation);
    request.set("object", Admissions.K8S.convertValue(cs, JsonNode.class));
    if (old != null) request.set("oldObject", Admissions.K8S.convertValue(old, JsonNode.class));
    try {
      return Admissions.JSON.writeValueAsBytes(review);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode answer(byte[] review) {
    AdmissionHandler.Reply reply = handler.handle(review);
    assertThat(reply.status()).isEqualTo(200);
    try {
      JsonNode response = Admissions.JSON.readTree(reply.body()).path("response");
      assertThat(response.path("uid").asText()).isEqualTo("0d7c1b7e-1111-4a61-9d1e-2f0b8c7d5a11");
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String denial(CacheSync cs) {
    JsonNode response = answer(review("CREATE", cs, null));
    assertThat(response.path("allowed").asBoolean()).as("allowed").isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    return response.path("status").path("message").asText();
  }

  @Test
  @DisplayName("a CacheSync within the policy is allowed")
  void allowed() {
    assertThat(answer(review("CREATE", catalogue(), null)).path("allowed").asBoolean()).isTrue();
    assertThat(metrics.total("allowed")).isEqualTo(1);
  }

  @Test
  @DisplayName("sidecar.image evil.example.com/miner:1 is denied at apply time, naming the field")
  void foreignImage() {
    CacheSync cs = catalogue();
    sidecar(cs).setImage("evil.example.com/miner:1");
    assertThat(denial(cs))
        .startsWith(
            "CacheSync refused by the cachesync.io policy: spec.sidecar.image:"
                + " 'evil.example.com/miner:1' is not allowed")
        .contains("policy.allowedImages");
    assertThat(metrics.total("denied")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "every violation is listed in one denial: image, agent, OnOutOfMemoryError, selector")
  void everyViolationListed() {
    CacheSync cs = catalogue();
    sidecar(cs).setImage("evil.example.com/miner:1");
    sidecar(cs).setJvmOptions("-javaagent:/tmp/agent.jar -XX:OnOutOfMemoryError=sh");
    cs.getSpec().setSelector(new LabelSelector());
    assertThat(denial(cs))
        .contains(
            "spec.selector: '{}'",
            "spec.sidecar.image: 'evil.example.com/miner:1'",
            "spec.sidecar.jvmOptions: '-javaagent:/tmp/agent.jar'",
            "spec.sidecar.jvmOptions: '-XX:OnOutOfMemoryError=sh'");
  }

  @Test
  @DisplayName("credentials naming a Secret without cachesync.io/credentials=true are denied")
  void unlabelledSecret() {
    CacheSync cs = catalogue();
    SecretKeys keys = new SecretKeys();
    keys.setSecretName("db-root");
    cs.getSpec().getRedis().setCredentials(keys);
    assertThat(denial(cs))
        .contains("spec.redis.credentials.secretName: 'db-root'", "kubectl label secret db-root");
  }

  @Test
  @DisplayName("an update that makes the spec violate the policy is denied")
  void updateToViolation() {
    CacheSync cs = catalogue();
    sidecar(cs).setJvmOptions("-agentlib:jdwp=transport=dt_socket");
    JsonNode response = answer(review("UPDATE", cs, catalogue()));
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText()).contains("-agentlib:jdwp");
  }

  @Test
  @DisplayName("an update that leaves the spec alone (finalizer, label) or a deletion is allowed")
  void metadataOnly() {
    CacheSync old = catalogue();
    sidecar(old).setImage("evil.example.com/miner:1");
    CacheSync next = catalogue();
    sidecar(next).setImage("evil.example.com/miner:1");
    next.getMetadata().setFinalizers(java.util.List.of("cachesync.io/finalizer"));
    assertThat(answer(review("UPDATE", next, old)).path("allowed").asBoolean()).isTrue();

    next.getMetadata().setDeletionTimestamp("2025-01-02T00:00:00Z");
    next.getMetadata().setFinalizers(java.util.List.of());
    assertThat(answer(review("UPDATE", next, old)).path("allowed").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("a body that is not an AdmissionReview gets a 400 saying what is wrong")
  void malformed() {
    for (String body : new String[] {"", "{", "[]", "{\"apiVersion\":\"admission.k8s.io/v1\"}"}) {
      AdmissionHandler.Reply reply = handler.handle(body.getBytes(StandardCharsets.UTF_8));
      assertThat(reply.status()).as(body).isEqualTo(400);
      assertThat(new String(reply.body(), StandardCharsets.UTF_8))
          .startsWith("malformed AdmissionReview");
    }
    assertThat(metrics.total("bad-request")).isEqualTo(4);
  }

  @Test
  @DisplayName("an object whose spec cannot be read is denied with the reason, not a 500")
  void unreadable() throws IOException {
    ObjectNode review = (ObjectNode) Admissions.JSON.readTree(review("CREATE", catalogue(), null));
    ((ObjectNode) review.path("request").path("object")).put("spec", "not an object");
    JsonNode response = answer(Admissions.JSON.writeValueAsBytes(review));
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .startsWith("the CacheSync cannot be read");
  }
}
