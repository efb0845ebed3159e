package io.cachesync.operator.webhook;

import static io.cachesync.operator.webhook.WebhookFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.HttpServerLimits;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.webhook.tls.SelfSignedCa;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The webhook end to end as the API server meets it: the operator's own CA, written to the Secret
 * and the caBundle, then AdmissionReviews over HTTPS from a client that trusts only that CA.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookServerIT {
  KubernetesClient client;
  KubernetesMockServer server;

  @BeforeEach
  void chart() throws Exception {
    CacheSyncs.installCrd(client);
    WebhookFixtures.createWebhookConfiguration(client);
    server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("31").build());
    CacheSync catalogue = Admissions.withCredentials(Admissions.cacheSync("catalogue", null));
    client.resource(catalogue).create();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("redis-auth")
                .withNamespace("shop")
                .addToLabels("cachesync.io/credentials", "true")
                .endMetadata()
                .build())
        .create();
  }

  @Test
  @DisplayName(
      "the Secret is created, the caBundle patched, and an injected pod comes back over HTTPS")
  void endToEnd() throws Exception {
    try (Injection injection =
        Injection.start(
            client, WebhookFixtures.settings(List.of("localhost")), new PrometheusRegistry())) {
      await().atMost(Duration.ofSeconds(30)).until(injection::isReady);
      assertThat(injection.readinessProblem()).isNull();

      Secret secret = WebhookFixtures.secret(client);
      assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
      assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
      assertThat(WebhookFixtures.caBundle(client)).isEqualTo(secret.getData().get("ca.crt"));
      assertThat(
              client
                  .admissionRegistration()
                  .v1()
                  .mutatingWebhookConfigurations()
                  .withName(WebhookFixtures.CONFIGURATION)
                  .get()
                  .getWebhooks()
                  .get(0)
                  .getClientConfig()
                  .getCaBundle())
          .as("the other webhook's caBundle")
          .isNull();
      var cas = WebhookFixtures.trustedCas(client);
      assertThat(WebhookFixtures.sans(WebhookFixtures.storedLeaf(client)))
          .contains(
              "cachesync-webhook",
              "cachesync-webhook.cachesync-system",
              "cachesync-webhook.cachesync-system.svc",
              "cachesync-webhook.cachesync-system.svc.cluster.local",
              "localhost");

      String url = "https://localhost:" + injection.port() + "/inject";
      byte[] review = Admissions.review("pod-matched.json");
      HttpResponse<String> response = Https.post(url, review, cas);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
      var result =
          Admissions.answer(
              review,
              new AdmissionHandler.Reply(200, "application/json", response.body().getBytes()));
      assertThat(result.pod().getSpec().getInitContainers().get(0).getName())
          .as("Kubernetes 1.31 from the API server: a native sidecar")
          .isEqualTo("cachesync-sidecar");
      assertThat(result.pod().getSpec().getInitContainers().get(0).getRestartPolicy())
          .isEqualTo("Always");
      assertThat(result.pod().getMetadata().getAnnotations())
          .containsEntry("cachesync.io/injected", "catalogue");

      HttpResponse<String> malformed = Https.post(url, Admissions.review("malformed.json"), cas);
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(malformed.body()).startsWith("malformed AdmissionReview: not JSON");

      assertThat(Https.get(url, cas).statusCode()).isEqualTo(405);

      assertThat(WebhookFixtures.validatingCaBundle(client))
          .as("the validating webhook trusts the same CA")
          .isEqualTo(secret.getData().get("ca.crt"));
      CacheSync evil = Admissions.cacheSync("catalogue", null);
      AdmissionHandlerTest.sidecar(evil).setImage("evil.example.com/miner:1");
      HttpResponse<String> denied =
          Https.post(
              "https://localhost:" + injection.port() + "/validate-cachesync",
              CacheSyncAdmissionHandlerTest.review("CREATE", evil, null),
              cas);
      assertThat(denied.statusCode()).isEqualTo(200);
      assertThat(denied.body()).contains("\"allowed\":false", "spec.sidecar.image");
      assertThat(
              Https.post("https://localhost:" + injection.port() + "/mutate", review, cas)
                  .statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  @DisplayName(
      "clients that stall halfway through a request are cut off after the request time limit, and the webhook answers again")
  void stalledClients() throws Exception {
    ExecutorService readers = Executors.newCachedThreadPool();
    List<SSLSocket> stalled = new ArrayList<>();
    try (Injection injection =
        Injection.start(
            client, WebhookFixtures.settings(List.of("localhost")), new PrometheusRegistry())) {
      await().atMost(Duration.ofSeconds(30)).until(injection::isReady);
      var cas = WebhookFixtures.trustedCas(client);
      Duration limit = HttpServerLimits.REQUEST_TIME;
      Instant sent = Instant.now();
      List<Future<String>> ends = new ArrayList<>();
      // as many as the webhook has threads: without a limit nothing else would ever be served
      for (int i = 0; i < 4; i++) {
        SSLSocket socket = Https.socket("localhost", injection.port(), cas);
        stalled.add(socket);
        socket.setSoTimeout((int) limit.multipliedBy(3).toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /inject HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"kind\":")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ends.add(readers.submit(() -> howItEnds(socket)));
      }
      await().atMost(limit.plusSeconds(5)).until(() -> ends.stream().allMatch(Future::isDone));
      assertThat(Duration.between(sent, Instant.now())).isGreaterThan(limit.minusSeconds(3));
      for (Future<String> end : ends) assertThat(end.get()).isIn("end of stream", "closed");

      HttpResponse<String> response =
          Https.post(
              "https://localhost:" + injection.port() + "/inject",
              Admissions.review("pod-matched.json"),
              cas);
      assertThat(response.statusCode()).isEqualTo(200);
    } finally {
      for (SSLSocket socket : stalled) socket.close();
      readers.shutdownNow();
    }
  }

  /** Waits for the server's answer to a stalled request: none, the connection just ends. */
  private static String howItEnds(SSLSocket socket) {
    try {
      int read = socket.getInputStream().read();
      return read < 0 ? "end of stream" : "answered";
    } catch (SocketTimeoutException e) {
      return "still open";
    } catch (IOException e) {
      return "closed";
    }
  }

  @Test
  @DisplayName("the client checks names: 127.0.0.1 is not on the certificate, so TLS fails")
  void hostnameVerified() throws Exception {
    try (Injection injection =
        Injection.start(
            client, WebhookFixtures.settings(List.of("localhost")), new PrometheusRegistry())) {
      await().atMost(Duration.ofSeconds(30)).until(injection::isReady);
      var cas = WebhookFixtures.trustedCas(client);
      byte[] review = Admissions.review("pod-matched.json");
      assertThatThrownBy(
              () -> Https.post("https://127.0.0.1:" + injection.port() + "/inject", review, cas))
          .isInstanceOf(SSLHandshakeException.class);
      // and a CA the server's certificate does not chain to is not enough either
      var stranger =
          SelfSignedCa.issue(List.of("localhost"), java.time.Instant.now(), Duration.ofDays(1));
      assertThatThrownBy(
              () ->
                  Https.post(
                      "https://localhost:" + injection.port() + "/inject",
                      review,
                      List.of(stranger.ca())))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  @DisplayName("a second replica serves the Secret the first one wrote, and writes nothing")
  void secondReplica() throws Exception {
    try (Injection first =
        Injection.start(
            client, WebhookFixtures.settings(List.of("localhost")), new PrometheusRegistry())) {
      await().atMost(Duration.ofSeconds(30)).until(first::isReady);
      String version = WebhookFixtures.secret(client).getMetadata().getResourceVersion();
      try (Injection second =
          Injection.start(
              client, WebhookFixtures.settings(List.of("localhost")), new PrometheusRegistry())) {
        await().atMost(Duration.ofSeconds(30)).until(second::isReady);
        var cas = WebhookFixtures.trustedCas(client);
        assertThat(Https.served("https://localhost:" + second.port() + "/inject", cas))
            .isEqualTo(Https.served("https://localhost:" + first.port() + "/inject", cas))
            .isEqualTo(WebhookFixtures.storedLeaf(client));
        assertThat(WebhookFixtures.secret(client).getMetadata().getResourceVersion())
            .isEqualTo(version);
      }
    }
  }

  @Test
  @DisplayName("without the webhook configuration the certificate is still served, and ready")
  void noConfiguration() throws Exception {
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName(WebhookFixtures.CONFIGURATION)
        .delete();
    await()
        .until(
            () ->
                client
                        .admissionRegistration()
                        .v1()
                        .mutatingWebhookConfigurations()
                        .withName(WebhookFixtures.CONFIGURATION)
                        .get()
                    == null);
    try (Injection injection =
        Injection.start(
            client, WebhookFixtures.settings(List.of("localhost")), new PrometheusRegistry())) {
      await().atMost(Duration.ofSeconds(30)).until(injection::isReady);
      assertThat(WebhookFixtures.secret(client)).isNotNull();
      assertThat(
              Base64.getDecoder().decode(WebhookFixtures.secret(client).getData().get("tls.key")))
          .isNotEmpty();
    }
    assertThat(client.secrets().inNamespace(NS).list().getItems()).hasSize(1);
  }
}
