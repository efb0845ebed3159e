package io.cachesync.operator.webhook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.MissingSecret;
import io.cachesync.operator.policy.PolicyViolation;
import io.cachesync.operator.policy.SecretLabels;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validating webhook for CacheSyncs ({@value #PATH}): a create or an update whose spec the
 * {@link AdmissionPolicy} refuses is denied, with every violation in the message, so the user sees
 * them at {@code kubectl apply}. An update that leaves the spec alone (a finalizer, a label) is
 * allowed, so an object refused by a policy tightened later can still be cleaned up; the reconciler
 * reports it instead.
 */
public final class CacheSyncAdmissionHandler {
  public static final String PATH = "/validate-cachesync";
  private static final Logger log = LoggerFactory.getLogger(CacheSyncAdmissionHandler.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** Reads the object as the operator's informers do. */
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  private final AdmissionPolicy policy;
  private final SecretLabels secrets;
  private final ValidationMetrics metrics;

  public CacheSyncAdmissionHandler(
      AdmissionPolicy policy, SecretLabels secrets, ValidationMetrics metrics) {
    this.policy = policy;
    this.secrets = secrets;
    this.metrics = metrics;
  }

  public AdmissionHandler.Reply handle(byte[] body) {
    JsonNode review;
    try {
      review = JSON.readTree(body);
    } catch (IOException e) {
      metrics.record("bad-request");
      return AdmissionHandler.Reply.badRequest("malformed AdmissionReview: not JSON");
    }
    String problem = review == null ? "empty body" : AdmissionHandler.problem(review);
    if (problem != null) {
      metrics.record("bad-request");
      return AdmissionHandler.Reply.badRequest("malformed AdmissionReview: " + problem);
    }
    JsonNode request = review.get("request");
    String refusal;
    String result;
    try {
      refusal = refusal(request);
      result = refusal == null ? "allowed" : "denied";
      if (refusal != null) log.info("CacheSync {} refused: {}", name(request), refusal);
    } catch (RuntimeException e) {
      // failurePolicy is Fail for our own CRD: say why, and the user can retry
      log.warn("CacheSync {}: could not be checked: {}", name(request), e.toString());
      result = "unchecked";
      refusal = "the cachesync.io policy could not be checked (" + e.getMessage() + "); retry";
    }
    metrics.record(result);
    return new AdmissionHandler.Reply(
        200, "application/json", answer(request.get("uid").asText(), refusal));
  }

  /** Null when the request may go on; else the message of the denial. */
  private String refusal(JsonNode request) {
    String operation = request.path("operation").asText();
    if (!"cachesyncs".equals(request.path("resource").path("resource").asText())
        || !request.path("subResource").asText("").isEmpty()
        || !("CREATE".equals(operation) || "UPDATE".equals(operation))) {
      return null;
    }
    JsonNode object = request.path("object");
    if (!object.isObject()) return "the request carries no CacheSync object";
    if (!object.path("metadata").path("deletionTimestamp").isMissingNode()
        && !object.path("metadata").path("deletionTimestamp").isNull()) {
      return null; // being deleted: its finalizer must be removable whatever its spec
    }
    if ("UPDATE".equals(operation)
        && object.path("spec").equals(request.path("oldObject").path("spec"))) {
      return null;
    }
    CacheSync cs;
    try {
      cs = KUBERNETES.convertValue(object, CacheSync.class);
    } catch (IllegalArgumentException e) {
      return "the CacheSync cannot be read: " + firstLine(e.getMessage());
    }
    if (cs.getMetadata() != null && cs.getMetadata().getNamespace() == null) {
      cs.getMetadata().setNamespace(request.path("namespace").asText(null));
    }
    List<PolicyViolation> violations = policy.violations(cs, secrets, MissingSecret.ALLOWED);
    if (violations.isEmpty()) return null;
    return "CacheSync refused by the cachesync.io policy: "
        + violations.stream().map(PolicyViolation::message).collect(Collectors.joining("; "));
  }

  private static byte[] answer(String uid, String refusal) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", AdmissionHandler.API_VERSION).put("kind", "AdmissionReview");
    ObjectNode response = review.putObject("response");
    response.put("uid", uid).put("allowed", refusal == null);
    if (refusal != null) {
      response
          .putObject("status")
          .put("code", 403)
          .put("reason", "Forbidden")
          .put("message", refusal);
    }
    try {
      return JSON.writeValueAsBytes(review);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static String name(JsonNode request) {
    return request.path("namespace").asText("")
        + "/"
        + request
            .path("object")
            .path("metadata")
            .path("name")
            .asText(request.path("name").asText(""));
  }

  private static String firstLine(String m) {
    String s = String.valueOf(m);
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
