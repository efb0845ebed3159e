package io.cachesync.operator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AdmissionReview (admission.k8s.io/v1) in, an AdmissionReview out. Every well-formed review is
 * allowed: a failure while deciding admits the pod unchanged, with a warning, a log line and a
 * count, because a missing sidecar is better than a pod that cannot start. A body that is not a
 * review gets a 400 saying what is wrong.
 */
public final class AdmissionHandler {
  private static final Logger log = LoggerFactory.getLogger(AdmissionHandler.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  static final String API_VERSION = "admission.k8s.io/v1";

  /** An HTTP status and body. */
  public record Reply(int status, String contentType, byte[] body) {
    static Reply badRequest(String message) {
      return new Reply(400, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final PodInjector injector;
  private final WebhookMetrics metrics;

  public AdmissionHandler(PodInjector injector, WebhookMetrics metrics) {
    this.injector = injector;
    this.metrics = metrics;
  }

  public Reply handle(byte[] body) {
    JsonNode review;
    try {
      review = JSON.readTree(body);
    } catch (IOException e) {
      metrics.record("bad-request");
      return Reply.badRequest("malformed AdmissionReview: not JSON: " + firstLine(e));
    }
    String problem = problem(review);
    if (problem != null) {
      metrics.record("bad-request");
      return Reply.badRequest("malformed AdmissionReview: " + problem);
    }
    JsonNode request = review.get("request");
    InjectionOutcome outcome = decide(request);
    metrics.record(outcome.result());
    return new Reply(200, "application/json", answer(request.get("uid").asText(), outcome));
  }

  private InjectionOutcome decide(JsonNode request) {
    String pod = podName(request);
    try {
      if (!"pods".equals(request.path("resource").path("resource").asText())
          || !request.path("subResource").asText("").isEmpty()) {
        return InjectionOutcome.unchanged("not-a-pod");
      }
      if (!"CREATE".equals(request.path("operation").asText())) {
        return InjectionOutcome.unchanged("not-a-create");
      }
      InjectionOutcome outcome =
          injector.decide(request.path("namespace").asText(null), request.path("object"));
      if (outcome.patch() != null) {
        log.info(
            "pod {}: sidecar injected{}",
            pod,
            outcome.warnings().isEmpty() ? "" : " " + outcome.warnings());
      } else if (!outcome.warnings().isEmpty()) {
        log.info("pod {}: no sidecar ({}): {}", pod, outcome.result(), outcome.warnings());
      } else {
        log.debug("pod {}: no sidecar ({})", pod, outcome.result());
      }
      return outcome;
    } catch (RuntimeException e) {
      log.error("pod {}: no sidecar injected after an internal error", pod, e);
      return InjectionOutcome.unchanged(
          "failed", "cachesync: no sidecar injected after an internal error: " + e);
    }
  }

  /** What makes the body not a v1 AdmissionReview with a request, or null when it is one. */
  static String problem(JsonNode review) {
    if (!review.isObject()) return "expected a JSON object";
    if (!API_VERSION.equals(review.path("apiVersion").asText())) {
      return "apiVersion '"
          + review.path("apiVersion").asText()
          + "' is not served; only "
          + API_VERSION
          + " (set admissionReviewVersions: [v1])";
    }
    if (!"AdmissionReview".equals(review.path("kind").asText())) {
      return "kind '" + review.path("kind").asText() + "' is not AdmissionReview";
    }
    if (!review.path("request").isObject()) return "no request";
    if (review.path("request").path("uid").asText("").isEmpty()) return "request.uid is missing";
    return null;
  }

  private static byte[] answer(String uid, InjectionOutcome outcome) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", API_VERSION).put("kind", "AdmissionReview");
    ObjectNode response = review.putObject("response");
    response.put("uid", uid).put("allowed", true);
    ArrayNode patch = outcome.patch();
    if (patch != null && !patch.isEmpty()) {
      response.put("patchType", "JSONPatch");
      response.put("patch", Base64.getEncoder().encodeToString(bytes(patch)));
    }
    if (!outcome.warnings().isEmpty()) {
      ArrayNode warnings = response.putArray("warnings");
      outcome.warnings().forEach(warnings::add);
    }
    return bytes(review);
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** Pods being created often have only a generateName. */
  private static String podName(JsonNode request) {
    JsonNode meta = request.path("object").path("metadata");
    String name = meta.path("name").asText("");
    if (name.isEmpty()) name = meta.path("generateName").asText("") + "*";
    return request.path("namespace").asText("") + "/" + name;
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
