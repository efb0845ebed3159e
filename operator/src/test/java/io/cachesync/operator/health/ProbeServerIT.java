package io.cachesync.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.OperatorMain;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ProbeServerIT {
  KubernetesClient client;
  KubernetesMockServer server;

  static int status(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  @DisplayName(
      "/healthz and /readyz answer 503 before the operator starts and 200 once its informers are up")
  void probes() throws Exception {
    CacheSyncs.installCrd(client);
    Operator operator = OperatorMain.create(client, false);
    try (ProbeServer probes =
        new ProbeServer(0, operator.getRuntimeInfo(), new OperatorMetrics())) {
      assertThat(status(probes.port(), "/readyz")).isEqualTo(503);
      assertThat(status(probes.port(), "/healthz")).isEqualTo(503);
      operator.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> status(probes.port(), "/readyz") == 200);
      assertThat(status(probes.port(), "/healthz")).isEqualTo(200);
      assertThat(client.resources(CacheSync.class).list().getItems()).isEmpty();
    } finally {
      operator.stop();
    }
  }

  static String body(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  @DisplayName(
      "/metrics: reconciliations by outcome and each CacheSync's Ready state, which follows Redis")
  void metrics() throws Exception {
    CacheSyncs.installCrd(client);
    OperatorMetrics metrics = new OperatorMetrics();
    Operator operator = OperatorMain.create(client, false, null, false, Clock.systemUTC(), metrics);
    try (RedisServer redis = RedisServer.start();
        ProbeServer probes = new ProbeServer(0, operator.getRuntimeInfo(), metrics)) {
      operator.start();
      client.resource(CacheSyncs.minimal("shop", "measured", redis.uri())).create();
      String ready = "cachesync_operator_cachesync_ready{name=\"measured\",namespace=\"shop\"}";
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> body(probes.port(), "/metrics").contains(ready + " 1"));
      // the duration is observed once the reconcile returns, a moment after the gauge is set
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(body(probes.port(), "/metrics"))
                      .contains(
                          "cachesync_operator_reconciliations_total{outcome=\"success\"}",
                          "cachesync_operator_execution_duration_seconds_count{execution=\"reconcile\""));
      redis.stop();
      client
          .resources(CacheSync.class)
          .inNamespace("shop")
          .withName("measured")
          .edit(
              c -> {
                c.getSpec().getCaches().get(0).setTtl("10m");
                return c;
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> body(probes.port(), "/metrics").contains(ready + " 0"));
    } finally {
      operator.stop();
    }
  }

  @Test
  @DisplayName("with leader election, the operator takes the Lease and reconciles")
  void leaderElection() throws Exception {
    CacheSyncs.installCrd(client);
    // the mock has no authorization API: answer JOSDK's check that the operator may use Leases
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "list", "watch", "create", "update", "patch")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    Operator operator = OperatorMain.create(client, false, "cachesync-system", false);
    try {
      operator.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                          .leases()
                          .inNamespace("cachesync-system")
                          .withName("cachesync-operator")
                          .get()
                      != null);
      assertThat(
              client
                  .leases()
                  .inNamespace("cachesync-system")
                  .withName("cachesync-operator")
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isNotBlank();
    } finally {
      operator.stop();
    }
  }
}
