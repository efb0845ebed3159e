package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.testsupport.FreePort;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two operator processes (the shaded jar, as two replicas of the chart's Deployment run it: its
 * env, its ServiceAccount) on one Lease: only the holder reconciles; kill -9 the holder and the
 * other takes the Lease once it expires (JOSDK's 15 s lease duration) and reconciles what is
 * created after the kill.
 */
@EndToEnd
class LeaderFailoverIT {
  static final String OPERATOR_NS = ChartInstall.NAMESPACE;
  static final String NS = "e2e-leader";
  static final String LEASE = "cachesync-operator";

  /** JOSDK's lease duration (15 s) plus its retry period and the JVM's start. */
  static final Duration TAKEOVER = Duration.ofSeconds(60);

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
  @TempDir static Path dir;
  static KubernetesClient client;
  static RedisServer redis;
  static final List<OperatorProcess> replicas = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    client = KUBE.client();
    ChartInstall chart = ChartInstall.render(Map.of()).apply(client);
    // The replicas run without their webhook (two processes cannot both hold the Service's port
    // here), so the chart's webhook configurations go: the validating one would refuse every
    // CacheSync (failurePolicy Fail) with nobody answering.
    for (var w : chart.all(ValidatingWebhookConfiguration.class)) client.resource(w).delete();
    for (var w : chart.all(MutatingWebhookConfiguration.class)) client.resource(w).delete();
    RealCrd.namespace(client, NS);
    redis = RedisServer.start();
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), KUBE.kubeConfigYaml());
    // added one by one, so @AfterAll kills the first even when the second fails to start
    for (String pod : List.of("operator-a", "operator-b"))
      replicas.add(OperatorProcess.start(pod, kubeconfig, replicaEnv(chart, pod)));
  }

  /**
   * The Deployment's env for pod {@code pod}, the webhook off, probes on a port of its own, and
   * every API call made as the chart's ServiceAccount (fabric8 reads these impersonation
   * variables).
   */
  static Map<String, String> replicaEnv(ChartInstall chart, String pod) {
    Map<String, String> env = new HashMap<>(chart.operatorEnv(pod));
    env.keySet().removeIf(k -> k.startsWith("CACHESYNC_WEBHOOK_"));
    env.put("CACHESYNC_PROBE_PORT", Integer.toString(FreePort.pick()));
    var sa = chart.serviceAccount().getMetadata();
    env.put(
        "KUBERNETES_IMPERSONATE_USERNAME",
        "system:serviceaccount:" + sa.getNamespace() + ":" + sa.getName());
    env.put(
        "KUBERNETES_IMPERSONATE_GROUP",
        String.join(
            ",",
            "system:serviceaccounts",
            "system:serviceaccounts:" + sa.getNamespace(),
            "system:authenticated"));
    return env;
  }

  @AfterAll
  static void stop() {
    for (OperatorProcess p : replicas) p.close();
    if (redis != null) redis.close();
  }

  static String holder() {
    Lease lease = client.leases().inNamespace(OPERATOR_NS).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  static OperatorProcess replica(String name) {
    return replicas.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  static void create(String name) {
    CacheSync cs = CacheSyncs.minimal(NS, name, redis.uri());
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", name)).build());
    client.resource(cs).create();
  }

  static void awaitReady(String name) {
    var stored = client.resources(CacheSync.class).inNamespace(NS).withName(name);
    await()
        .alias("CacheSync " + name + " Ready=True at its generation")
        .atMost(TAKEOVER)
        .untilAsserted(
            () -> {
              CacheSync now = stored.get();
              Condition ready = CacheSyncsOnServer.condition(now, "Ready");
              assertThat(ready).as("Ready of %s; %s", name, replicas).isNotNull();
              assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo("True");
              assertThat(now.getStatus().getObservedGeneration())
                  .isEqualTo(now.getMetadata().getGeneration());
            });
  }

  static String reconciled(String name) {
    return "CacheSync " + NS + "/" + name + " reconciled";
  }

  @Test
  @DisplayName(
      "two operator processes on one Lease: the holder alone reconciles; killed with SIGKILL, the"
          + " other takes the Lease and reconciles a CacheSync created after the kill")
  void followerTakesOver() {
    await()
        .alias("one of the two replicas holds Lease " + OPERATOR_NS + "/" + LEASE)
        .atMost(TAKEOVER)
        .untilAsserted(() -> assertThat(holder()).isIn("operator-a", "operator-b"));
    OperatorProcess leader = replica(holder());
    OperatorProcess follower =
        replica(leader.name().equals("operator-a") ? "operator-b" : "operator-a");

    create("before");
    awaitReady("before");
    assertThat(leader.output()).contains(reconciled("before"));
    assertThat(follower.output())
        .as("the follower waits for the Lease and reconciles nothing")
        .doesNotContain(reconciled("before"));
    assertThat(follower.isAlive()).as(follower.output()).isTrue();

    leader.kill();
    create("after"); // while nobody holds the Lease: it waits for the next leader
    await()
        .alias(follower.name() + " takes the Lease from the killed " + leader.name())
        .atMost(TAKEOVER)
        .untilAsserted(() -> assertThat(holder()).isEqualTo(follower.name()));
    awaitReady("after");
    assertThat(follower.output()).contains(reconciled("after"));
  }
}
