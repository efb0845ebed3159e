package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only a real API server shows about status and Secrets: status applied on the status
 * subresource (server-side apply, as OperatorMain runs), and the label-selected Secret informer,
 * whose watch reports a Secret that loses its label as gone.
 */
@EndToEnd
class StatusAndSecretsOnServerIT {
  static final String NS = "e2e-status";
  static final Duration SETTLE = Duration.ofSeconds(30);

  /**
   * Far below the 30 s a reachable Redis's last visit is otherwise reused, and the 60 s recheck.
   */
  static final Duration AT_ONCE = Duration.ofSeconds(15);

  @RegisterExtension static final KubeApiServerExtension KUBE = new KubeApiServerExtension();
  static KubernetesClient client;
  static RedisServer redis;
  static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    client = KUBE.client();
    RealCrd.install(client);
    RealCrd.namespace(client, NS);
    redis = RedisServer.start("--requirepass", "current");
    operator = AdminOperator.start(client);
  }

  @AfterAll
  static void stop() {
    if (operator != null) operator.stop();
    if (redis != null) redis.close();
  }

  static Secret secret(String name, String password, boolean labelled) {
    return CacheSyncs.redisSecret(NS, name, "Opaque", Map.of("password", password), labelled);
  }

  static CacheSync naming(String name, String secret) {
    CacheSync cs = CacheSyncs.minimal(NS, name, redis.uri());
    SecretKeys keys = new SecretKeys();
    keys.setSecretName(secret);
    cs.getSpec().getRedis().setCredentials(keys);
    return cs;
  }

  static CacheSync stored(String name) {
    return client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
  }

  static Condition condition(String name, String type) {
    CacheSync cs = stored(name);
    if (cs == null || cs.getStatus() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  static boolean is(String name, String type, String status) {
    Condition c = condition(name, type);
    return c != null && c.getStatus().equals(status);
  }

  static boolean touchesStatus(ManagedFieldsEntry entry) {
    return entry.getFieldsV1() != null
        && entry.getFieldsV1().getAdditionalProperties().containsKey("f:status");
  }

  @Test
  @DisplayName(
      "status is server-side applied by the operator's field manager, never replaced by an update,"
          + " and the finalizer JOSDK added stays")
  void statusApplied() {
    client.resource(secret("applied-auth", "current", true)).create();
    client.resource(naming("applied", "applied-auth")).create();
    await().atMost(SETTLE).until(() -> is("applied", "Ready", "True"));

    CacheSync cs = stored("applied");
    assertThat(cs.getMetadata().getFinalizers()).isNotEmpty();
    assertThat(cs.getMetadata().getManagedFields())
        .filteredOn(StatusAndSecretsOnServerIT::touchesStatus)
        .isNotEmpty()
        .allSatisfy(entry -> assertThat(entry.getOperation()).isEqualTo("Apply"));
  }

  @Test
  @DisplayName("a rotated password in the labelled Secret reaches status at once, both ways")
  void rotation() {
    client.resource(secret("rotated-auth", "current", true)).create();
    client.resource(naming("rotated", "rotated-auth")).create();
    await().atMost(SETTLE).until(() -> is("rotated", "Ready", "True"));

    client.resource(secret("rotated-auth", "stale", true)).update();
    await().atMost(AT_ONCE).until(() -> is("rotated", "RedisReachable", "False"));
    assertThat(condition("rotated", "Ready").getReason()).isEqualTo("RedisUnreachable");

    client.resource(secret("rotated-auth", "current", true)).update();
    await().atMost(AT_ONCE).until(() -> is("rotated", "Ready", "True"));
  }

  @Test
  @DisplayName(
      "a Secret that loses its cachesync.io/credentials label is seen at once (the label-selected"
          + " watch reports it gone): Ready=False PolicyViolation saying how to label it")
  void unlabelled() {
    client.resource(secret("marked-auth", "current", true)).create();
    client.resource(naming("marked", "marked-auth")).create();
    await().atMost(SETTLE).until(() -> is("marked", "Ready", "True"));

    client.resource(secret("marked-auth", "current", false)).update();
    await().atMost(AT_ONCE).until(() -> is("marked", "Ready", "False"));
    assertThat(condition("marked", "Ready").getReason()).isEqualTo("PolicyViolation");
    assertThat(condition("marked", "Ready").getMessage())
        .contains("kubectl label secret marked-auth cachesync.io/credentials=true");
  }

  @Test
  @DisplayName(
      "a status field another manager shares (a status PUT by an older operator) still goes when"
          + " the operator stops reporting it")
  void sharedFieldDropped() {
    // a WriteBehind cache without spec.loader: the schema takes it, the operator does not
    CacheSync broken = CacheSyncs.minimal(NS, "inherited", redis.uri());
    broken.getSpec().getCaches().add(CacheSyncs.cache("orders", CacheStrategy.WriteBehind));
    client.resource(broken).create();
    await().atMost(SETTLE).until(() -> is("inherited", "Ready", "False"));
    assertThat(stored("inherited").getStatus().getCaches()).isNull();
    // what an operator that wrote status by PUT left behind: a field under another manager
    client
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName("inherited")
        .editStatus(
            cs -> {
              cs.getStatus().setCaches(1);
              return cs;
            });
    // the spec fixed: the operator reports the same value, so both managers own it
    client
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName("inherited")
        .edit(
            cs -> {
              cs.getSpec().getCaches().remove(1);
              return cs;
            });
    await()
        .atMost(SETTLE)
        .until(
            () ->
                is("inherited", "ConfigRendered", "True")
                    && Integer.valueOf(1).equals(stored("inherited").getStatus().getCaches()));
    // broken again: an invalid spec reports no counts, and none may linger
    client
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName("inherited")
        .edit(
            cs -> {
              cs.getSpec().getCaches().add(CacheSyncs.cache("orders", CacheStrategy.WriteBehind));
              return cs;
            });
    await()
        .atMost(SETTLE)
        .untilAsserted(
            () -> {
              assertThat(stored("inherited").getStatus().getObservedGeneration()).isEqualTo(3L);
              assertThat(condition("inherited", "Ready").getReason()).isEqualTo("InvalidSpec");
              assertThat(stored("inherited").getStatus().getCaches()).isNull();
              assertThat(stored("inherited").getStatus().getSelectedPods()).isNull();
            });
  }
}
