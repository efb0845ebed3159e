package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.examples.Manifests;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.testsupport.RedisCluster;
import io.cachesync.testsupport.RedisSentinels;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.RedisTlsMode;
import io.cachesync.testsupport.tls.PemPair;
import io.cachesync.testsupport.tls.TestCertificates;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example CacheSync, applied as a user would (after pointing its Redis URL at a local
 * redis-server and creating the Secrets it names), reaches the state its comments promise on a real
 * kube-apiserver with the operator running as the chart installs it (its ServiceAccount, its
 * validating webhook): Ready=True, or for the managed-Redis example the documented
 * KeyspaceNotifications condition. Status and Events are read back from the server.
 */
@EndToEnd
class ExampleCacheSyncsReadyIT {
  static final String NS = "shop";
  static final Duration SETTLE = Duration.ofSeconds(60);
  static final String PASSWORD = "e2e-secret";

  /**
   * What each example reaches here: its Ready status and reason, and another condition pinned. The
   * managed example's Redis forbids CONFIG (as ElastiCache does), so its flags cannot be set.
   */
  record Expected(
      String ready, String reason, String type, String status, String conditionReason) {}

  static final Map<String, Expected> EXPECTED =
      Map.of(
          "redis-sentinel.yaml",
              new Expected("True", "Reconciled", "KeyspaceNotifications", "True", "Enabled"),
          "redis-cluster.yaml",
              new Expected("True", "Reconciled", "KeyspaceNotifications", "True", "Enabled"),
          "look-aside-minimal.yaml",
              new Expected("True", "Reconciled", "ConfigRendered", "True", "Rendered"),
          "read-through-with-loader.yaml",
              new Expected("True", "Reconciled", "ConfigRendered", "True", "Rendered"),
          "several-caches.yaml",
              new Expected("True", "Reconciled", "ConfigRendered", "True", "Rendered"),
          "sidecar-resources.yaml",
              new Expected("True", "Reconciled", "ConfigRendered", "True", "Rendered"),
          "write-behind-with-l2.yaml",
              new Expected("True", "Reconciled", "ConfigRendered", "True", "Rendered"),
          "redis-credentials-and-tls.yaml",
              new Expected("True", "Reconciled", "RedisReachable", "True", "Answered"),
          "managed-redis-keyspace-events.yaml",
              new Expected(
                  "False",
                  "KeyspaceNotificationsMissing",
                  "KeyspaceNotifications",
                  "False",
                  "ConfigForbidden"));

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withRoutedServices();

  @TempDir static Path dir;
  static KubernetesClient client;
  static RedisServer plain;
  static RedisServer secure;
  static RedisServer managed;
  static RedisSentinels sentinels;
  static RedisCluster cluster;
  static TestCertificates ca;
  static PemPair clientCert;
  static ChartOperator operator;

  @BeforeAll
  static void start() throws IOException {
    client = KUBE.client();
    ChartInstall chart = ChartInstall.render(Map.of()).apply(client);
    RealCrd.namespace(client, NS);
    plain = RedisServer.start();
    ca = TestCertificates.authority(dir, "shop-ca");
    clientCert = ca.client("cachesync");
    secure =
        RedisServer.startTls(
            RedisTlsMode.of(ca, ca.server("redis", "127.0.0.1"))
                .requiringClientCertificates(clientCert),
            "--user",
            "cachesync",
            "on",
            ">" + PASSWORD,
            "~*",
            "&*",
            "+@all");
    // a managed service: an AUTH token, and CONFIG switched off
    managed = RedisServer.start("--requirepass", PASSWORD, "--rename-command", "CONFIG", "");
    sentinels = RedisSentinels.start();
    cluster = RedisCluster.start();
    // as the chart's ServiceAccount, its validating webhook judging each example on the way in
    operator = ChartOperator.start(KUBE.kubeConfigYaml(), chart).awaitWebhookReady();
  }

  @AfterAll
  static void stop() {
    if (operator != null) operator.close();
    for (RedisServer r : new RedisServer[] {plain, secure, managed}) if (r != null) r.close();
    if (sentinels != null) sentinels.close();
    if (cluster != null) cluster.close();
  }

  /** The Secrets the examples' comments tell a user to create, labelled for the operator. */
  static void secrets() throws IOException {
    secret("redis-auth", "Opaque", Map.of("username", "cachesync", "password", PASSWORD));
    secret("redis-ca", "Opaque", Map.of("ca.crt", Files.readString(ca.caFile())));
    secret(
        "redis-client",
        "kubernetes.io/tls",
        Map.of(
            "tls.crt", Files.readString(clientCert.certFile()),
            "tls.key", Files.readString(clientCert.keyFile())));
    secret("shop-cache-auth", "Opaque", Map.of("password", PASSWORD));
  }

  static void secret(String name, String type, Map<String, String> data) {
    client.resource(CacheSyncs.redisSecret(NS, name, type, data, true)).create();
  }

  /**
   * The example's Redis URL with its host and port replaced by the local server that stands in for
   * it; the managed example keeps no TLS (its service's CA is one the JVM trusts; the test CA is
   * not), the TLS example keeps rediss://.
   */
  static String localUrl(String file, String url) {
    if (file.equals("redis-sentinel.yaml")) return sentinels.sentinelUri();
    if (file.equals("redis-cluster.yaml")) {
      return "redis://" + cluster.seed().host() + ":" + cluster.seed().port();
    }
    RedisServer target =
        switch (file) {
          case "redis-credentials-and-tls.yaml" -> secure;
          case "managed-redis-keyspace-events.yaml" -> managed;
          default -> plain;
        };
    String scheme = target == secure ? "rediss" : "redis";
    return url.replaceFirst(
        "^rediss?://[^/]+", scheme + "://" + target.host() + ":" + target.port());
  }

  @Test
  @DisplayName(
      "every example CacheSync reaches what its comments promise: Ready=True at its generation, or"
          + " the managed-Redis example's ConfigForbidden, with a Ready Event from the operator")
  void examplesReachTheirState() throws IOException {
    List<Path> files = ExampleCacheSyncsOnServerIT.yamls(ExampleCacheSyncsOnServerIT.EXAMPLES);
    assertThat(files.stream().map(f -> f.getFileName().toString()).toList())
        .as("a new example must say here what it reaches")
        .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    secrets();
    for (Path file : files) {
      for (JsonNode doc : Manifests.read(file)) {
        ObjectNode redis = (ObjectNode) doc.at("/spec/redis");
        redis.put("url", localUrl(file.getFileName().toString(), redis.get("url").asText()));
        assertThat(doc.at("/metadata/namespace").asText()).as(file.toString()).isEqualTo(NS);
        CacheSyncsOnServer.create(
            client, client.getKubernetesSerialization().unmarshal(doc.toString(), CacheSync.class));
      }
    }
    for (Path file : files) {
      Expected want = EXPECTED.get(file.getFileName().toString());
      String name = Manifests.read(file).get(0).at("/metadata/name").asText();
      var stored = client.resources(CacheSync.class).inNamespace(NS).withName(name);
      await()
          .alias(file.getFileName() + " reaches Ready=" + want.ready() + " " + want.reason())
          .atMost(SETTLE)
          .untilAsserted(
              () -> {
                CacheSync now = stored.get();
                Condition ready = CacheSyncsOnServer.condition(now, "Ready");
                assertThat(ready).as("Ready of %s", name).isNotNull();
                assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo(want.ready());
                assertThat(ready.getReason()).as(ready.getMessage()).isEqualTo(want.reason());
                assertThat(now.getStatus().getObservedGeneration())
                    .isEqualTo(now.getMetadata().getGeneration());
                Condition other = CacheSyncsOnServer.condition(now, want.type());
                assertThat(other).as("%s of %s", want.type(), name).isNotNull();
                assertThat(other.getStatus()).as(other.getMessage()).isEqualTo(want.status());
                assertThat(other.getReason())
                    .as(other.getMessage())
                    .isEqualTo(want.conditionReason());
              });
      CacheSync now = stored.get();
      await()
          .alias(file.getFileName() + ": the operator's Event for its Ready state")
          .atMost(SETTLE)
          .untilAsserted(
              () ->
                  assertThat(EventsOnServer.about(client, now))
                      .anySatisfy(
                          e -> {
                            assertThat(e.getReason()).isEqualTo(want.reason());
                            assertThat(e.getType())
                                .isEqualTo(want.ready().equals("True") ? "Normal" : "Warning");
                            assertThat(e.getSource().getComponent())
                                .isEqualTo("cachesync-operator");
                          }));
    }
    CacheSync managedOne =
        client.resources(CacheSync.class).inNamespace(NS).withName("pricing-managed").get();
    assertThat(CacheSyncsOnServer.condition(managedOne, "KeyspaceNotifications").getMessage())
        .as("the managed example says which flags to set in the service's parameters")
        .contains("does not allow CONFIG")
        .contains("notify-keyspace-events");
  }
}
