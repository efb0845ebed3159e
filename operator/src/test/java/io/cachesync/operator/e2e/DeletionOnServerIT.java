package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deleting a CacheSync on a real API server, the operator running as the chart's ServiceAccount:
 * the finalizer takes back the keyspace flags on the real Redis, the garbage collector of
 * kube-controller-manager removes what the CacheSync owns (its ConfigMap and sync-key Secret,
 * through their owner references), and with Redis gone the finalizer waits out its patience, then
 * lets the deletion through with a Warning Event.
 */
@EndToEnd
class DeletionOnServerIT {
  static final String NS = "e2e-deletion";
  static final Duration SETTLE = Duration.ofSeconds(30);

  /** Past CacheSyncCleanup's patience with an unreachable Redis (2 minutes). */
  static final Duration PAST_PATIENCE = Duration.ofMinutes(3);

  // the garbage collector runs in kube-controller-manager
  @RegisterExtension
  static final KubeApiServerExtension KUBE =
      new KubeApiServerExtension().withControllerManager().withRoutedServices();

  static KubernetesClient client;
  static final ShiftableClock clock = new ShiftableClock();
  static ChartOperator operator;

  @BeforeAll
  static void start() {
    client = KUBE.client();
    ChartInstall chart = ChartInstall.render(Map.of()).apply(client);
    RealCrd.namespace(client, NS);
    operator =
        ChartOperator.start(KUBE.kubeConfigYaml(), chart, env -> env, clock).awaitWebhookReady();
  }

  @AfterAll
  static void stop() {
    if (operator != null) operator.close();
  }

  static Resource<CacheSync> cacheSync(String name) {
    return client.resources(CacheSync.class).inNamespace(NS).withName(name);
  }

  /** A CacheSync asking for expired and del events (flags E, x, g), created and Ready. */
  static CacheSync readyWithEvents(String name, RedisServer redis) {
    CacheSync cs =
        CacheSyncs.withEvents(
            CacheSyncs.minimal(NS, name, redis.uri()), KeyspaceEvent.expired, KeyspaceEvent.del);
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", name)).build());
    CacheSyncsOnServer.create(client, cs);
    CacheSyncsOnServer.awaitCondition(client, cs, "Ready", "True");
    return cacheSync(name).get();
  }

  static String flags(RedisServer redis) {
    return RedisCli.command(redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events");
  }

  static void assertOwnedBy(HasMetadata owned, CacheSync owner) {
    assertThat(owned).as("owned resource").isNotNull();
    assertThat(owned.getMetadata().getOwnerReferences())
        .as("%s is owned by its CacheSync", owned.getMetadata().getName())
        .anySatisfy(
            ref -> {
              assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
              assertThat(ref.getKind()).isEqualTo("CacheSync");
              assertThat(ref.getApiVersion()).isEqualTo(RealCrd.API_VERSION);
            });
  }

  static void awaitCollected(CacheSync owner) {
    String config = owner.getMetadata().getName() + "-sidecar-config";
    String key = owner.getMetadata().getName() + "-sync-key";
    await()
        .alias("ConfigMap " + config + " collected after its owner went")
        .atMost(SETTLE)
        .until(() -> client.configMaps().inNamespace(NS).withName(config).get() == null);
    await()
        .alias("Secret " + key + " collected after its owner went")
        .atMost(SETTLE)
        .until(() -> client.secrets().inNamespace(NS).withName(key).get() == null);
  }

  @Test
  @DisplayName(
      "deleted: the flags it added are taken back (those there before stay), its ConfigMap and"
          + " sync key go by owner-reference garbage collection, and the CacheSync is gone")
  void deletedWithFlagsTakenBackAndOwnedCollected() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Kl")) {
      CacheSync cs = readyWithEvents("catalogue", redis);
      assertThat(flags(redis)).contains("K", "l", "E", "x", "g");
      assertThat(cs.getMetadata().getFinalizers()).as("the operator's finalizer").isNotEmpty();
      assertOwnedBy(
          client.configMaps().inNamespace(NS).withName("catalogue-sidecar-config").get(), cs);
      await()
          .alias("sync key Secret written")
          .atMost(SETTLE)
          .until(
              () -> client.secrets().inNamespace(NS).withName("catalogue-sync-key").get() != null);
      assertOwnedBy(client.secrets().inNamespace(NS).withName("catalogue-sync-key").get(), cs);

      cacheSync("catalogue").delete();
      await()
          .alias("the CacheSync gone once its finalizer is done")
          .atMost(SETTLE)
          .until(() -> cacheSync("catalogue").get() == null);
      assertThat(flags(redis)).contains("K", "l").doesNotContain("E", "x", "g");
      assertThat(EventsOnServer.about(client, cs))
          .filteredOn(e -> e.getReason().equals("KeyspaceFlagsRemoved"))
          .singleElement()
          .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
      awaitCollected(cs);
    }
  }

  @Test
  @DisplayName(
      "with Redis gone the deletion waits for it, then after the finalizer's patience goes through"
          + " with a Warning Event naming the flags left on the server")
  void redisGoneTimesOut() {
    try (RedisServer redis = RedisServer.start()) {
      CacheSync cs = readyWithEvents("orphan", redis);
      redis.stop();
      cacheSync("orphan").delete();
      await()
          .alias("the deletion waits for the unreachable Redis (retried every 5 s)")
          .during(Duration.ofSeconds(8))
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  cacheSync("orphan").get() != null
                      && cacheSync("orphan").get().isMarkedForDeletion());
      assertThat(EventsOnServer.about(client, cs))
          .noneMatch(e -> e.getReason().startsWith("KeyspaceFlags"));

      clock.shift(PAST_PATIENCE);
      await()
          .alias("the CacheSync gone once the patience is spent")
          .atMost(SETTLE)
          .until(() -> cacheSync("orphan").get() == null);
      assertThat(EventsOnServer.about(client, cs))
          .filteredOn(e -> e.getReason().equals("KeyspaceFlagsLeft"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage())
                    .contains("gave up after 2 minutes")
                    .contains("notify-keyspace-events")
                    .containsPattern("'[Exg]{3}'");
              });
      awaitCollected(cs);
    }
  }
}
