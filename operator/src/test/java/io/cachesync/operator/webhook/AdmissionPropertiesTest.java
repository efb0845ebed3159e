package io.cachesync.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.MissingSecret;
import io.cachesync.operator.template.SidecarDefaults;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and adversarial input to both webhooks: every answer is a clear 200 (allowed or denied) or
 * a 400 saying what is wrong; never an exception, a 500 or a hang.
 */
class AdmissionPropertiesTest {
  static final AdmissionPolicy POLICY = AdmissionPolicy.defaultsFor("cachesync/sidecar:0.1.0");
  static final Duration BOUND = Duration.ofSeconds(5);

  final AdmissionHandler mutating =
      new AdmissionHandler(
          new PodInjector(
              ns -> List.of(AdmissionPropertiesTest.selecting()),
              new KubernetesVersion(1, 31),
              SidecarDefaults.of("cachesync/sidecar:0.1.0"),
              POLICY,
              AdmissionHandlerTest.SECRETS),
          new WebhookMetrics(new PrometheusRegistry()));
  final CacheSyncAdmissionHandler validating =
      new CacheSyncAdmissionHandler(
          POLICY, AdmissionHandlerTest.SECRETS, new ValidationMetrics(new PrometheusRegistry()));

  static CacheSync selecting() {
    return Admissions.cacheSync("catalogue", "2025-01-01T00:00:00Z");
  }

  /** 200 with a v1 review carrying a boolean verdict, or a 400; returns the verdict (null: 400). */
  static Boolean clearAnswer(AdmissionHandler.Reply reply) throws IOException {
    assertThat(reply.status()).isIn(200, 400);
    if (reply.status() == 400) {
      assertThat(new String(reply.body(), StandardCharsets.UTF_8)).startsWith("malformed");
      return null;
    }
    JsonNode answer = Admissions.JSON.readTree(reply.body());
    assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(answer.path("response").path("allowed").isBoolean()).isTrue();
    return answer.path("response").path("allowed").asBoolean();
  }

  Boolean both(byte[] body) throws IOException {
    AdmissionHandler.Reply m = assertTimeoutPreemptively(BOUND, () -> mutating.handle(body));
    Boolean pod = clearAnswer(m);
    if (pod != null) assertThat(pod).as("the pod webhook never denies").isTrue();
    return clearAnswer(assertTimeoutPreemptively(BOUND, () -> validating.handle(body)));
  }

  @Property(tries = 300)
  @Label("random bytes: a 400 or an answer, never an exception")
  void randomBytes(@ForAll byte[] body) throws IOException {
    both(body);
  }

  @Property(tries = 300)
  @Label("a review with random JSON at a random place: a clear answer")
  void adversarialReviews(@ForAll("reviews") String review) throws IOException {
    both(review.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  @Label("random CacheSync specs: denied exactly when the policy finds a violation")
  void randomSpecs(@ForAll("cacheSyncs") CacheSync cs) throws IOException {
    byte[] review = CacheSyncAdmissionHandlerTest.review("CREATE", cs, null);
    Boolean allowed = both(review);
    assertThat(allowed)
        .isEqualTo(
            POLICY.violations(cs, AdmissionHandlerTest.SECRETS, MissingSecret.ALLOWED).isEmpty());
  }

  @Provide
  Arbitrary<String> reviews() {
    Arbitrary<String> resource = Arbitraries.of("pods", "cachesyncs", "", "secrets");
    Arbitrary<String> operation = Arbitraries.of("CREATE", "UPDATE", "DELETE", "CONNECT", "");
    Arbitrary<String> value = json();
    Arbitrary<String> at =
        Arbitraries.of(
            "spec",
            "spec.sidecar",
            "spec.sidecar.image",
            "spec.sidecar.jvmOptions",
            "spec.sidecar.resources",
            "spec.sidecar.resources.limits",
            "spec.selector",
            "spec.selector.matchLabels",
            "spec.redis",
            "spec.redis.credentials",
            "metadata",
            "metadata.labels",
            "spec.containers",
            "spec.caches",
            "kind",
            "metadata.deletionTimestamp");
    return Combinators.combine(resource, operation, at, value)
        .as(
            (r, op, path, v) -> {
              ObjectNode object =
                  (ObjectNode)
                      Admissions.K8S.convertValue(
                          r.equals("pods") ? podJson() : selecting(), JsonNode.class);
              String[] parts = path.split("\\.");
              ObjectNode node = object;
              for (int i = 0; i < parts.length - 1; i++) {
                JsonNode next = node.path(parts[i]);
                node = next.isObject() ? (ObjectNode) next : node.putObject(parts[i]);
              }
              try {
                node.set(parts[parts.length - 1], Admissions.JSON.readTree(v));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
              ObjectNode review = Admissions.JSON.createObjectNode();
              review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
              ObjectNode request = review.putObject("request");
              request.put("uid", "u").put("namespace", "shop").put("operation", op);
              request.putObject("resource").put("resource", r);
              request.set("object", object);
              return review.toString();
            });
  }

  static Object podJson() {
    try {
      return Admissions.JSON
          .readTree(Admissions.review("pod-matched.json"))
          .path("request")
          .path("object");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Arbitrary<String> json() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .ofMaxLength(40)
            .map(s -> Admissions.JSON.getNodeFactory().textNode(s).toString()),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.doubles().map(d -> Double.isFinite(d) ? String.valueOf(d) : "0"),
        Arbitraries.of(
            "null",
            "true",
            "false",
            "[]",
            "{}",
            "[1,\"a\",null]",
            "{\"a\":{\"b\":[]}}",
            "\"1e999999999\"",
            "\"-javaagent:/x\"",
            "{\"cpu\":\"1e99999\"}",
            "{\"\":\"\"}"));
  }

  @Provide
  Arbitrary<CacheSync> cacheSyncs() {
    Arbitrary<String> image =
        Arbitraries.oneOf(
            Arbitraries.of(
                null,
                "cachesync/sidecar:1",
                "evil.example.com/miner:1",
                "cachesync/sidecar.evil.com/x",
                "CacheSync/sidecar:1",
                " cachesync/sidecar:1",
                "cachesync/sidecar:1@sha256:" + "a".repeat(64),
                "cachesync/sidecar@sha256:" + "b".repeat(64),
                ""),
            Arbitraries.strings().ofMaxLength(60));
    Arbitrary<String> token =
        Arbitraries.oneOf(
            Arbitraries.of(
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-javaagent:/a.jar",
                "\"-javaagent:/a.jar\"",
                "-XX:OnOutOfMemoryError=sh",
                "'",
                "\"",
                "-Djava.security.manager=allow",
                "-Xlog:gc",
                "@file",
                "-XX:SharedArchiveFile=/a.jsa",
                "-Dx=\"a b\"",
                "\t",
                "\u000B"),
            Arbitraries.strings().ofMaxLength(20));
    Arbitrary<String> options = token.list().ofMaxSize(6).map(l -> String.join(" ", l));
    Arbitrary<String> quantity =
        Arbitraries.oneOf(
            Arbitraries.of("100m", "2", "3", "256Mi", "4Gi", "1e3", "1e999999999", "-1", "abc", ""),
            Arbitraries.strings().ofMaxLength(12));
    Arbitrary<LabelSelector> selector =
        Arbitraries.of(
            null,
            new LabelSelector(),
            new LabelSelectorBuilder().withMatchLabels(Map.of("app", "books")).build());
    Arbitrary<String> secret = Arbitraries.of(null, "redis-auth", "db-root", "later");
    return Combinators.combine(image, options, quantity, quantity, selector, secret)
        .as(
            (img, opts, request, limit, sel, sec) -> {
              CacheSync cs = selecting();
              cs.getSpec().setSelector(sel);
              AdmissionHandlerTest.sidecar(cs).setImage(img);
              AdmissionHandlerTest.sidecar(cs).setJvmOptions(opts.isEmpty() ? null : opts);
              try {
                AdmissionHandlerTest.sidecar(cs)
                    .setResources(
                        new ResourceRequirementsBuilder()
                            .addToRequests("memory", new Quantity(request))
                            .addToLimits("cpu", new Quantity(limit))
                            .build());
              } catch (RuntimeException e) {
                // a string fabric8 cannot hold as a Quantity: leave resources out
              }
              if (sec != null) {
                Admissions.withCredentials(cs)
                    .getSpec()
                    .getRedis()
                    .getCredentials()
                    .setSecretName(sec);
              }
              return cs;
            });
  }
}
