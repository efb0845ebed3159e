package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Redis Secret comes from an informer: a changed password reconciles at once and is used at
 * once, well inside the 30 s a reachable Redis's last visit is otherwise reused and the 60 s
 * recheck. (A Secret losing its label is a real API server's DELETED event for a label-selected
 * watch, which fabric8's mock does not send: that proof is in e2e/StatusAndSecretsOnServerIT.)
 */
class SecretRotationIT extends OperatorOnMockServer {
  /** Far below RECHECK / 2, the reuse window of a reachable visit. */
  static final Duration AT_ONCE = Duration.ofSeconds(15);

  Secret secret(String name, String password, boolean labelled) {
    return CacheSyncs.redisSecret(NS, name, "Opaque", Map.of("password", password), labelled);
  }

  CacheSync naming(String name, String secret, RedisServer redis) {
    CacheSync cs = CacheSyncs.minimal(NS, name, redis.uri());
    SecretKeys keys = new SecretKeys();
    keys.setSecretName(secret);
    cs.getSpec().getRedis().setCredentials(keys);
    return cs;
  }

  @Test
  @DisplayName(
      "a rotated password in the labelled Secret reaches status at once, both ways, with no spec"
          + " change and no waiting for the recheck")
  void rotation() {
    try (RedisServer redis = RedisServer.start("--requirepass", "current")) {
      client.resource(secret("redis-auth", "current", true)).create();
      client.resource(naming("rotated", "redis-auth", redis)).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> is("rotated", "Ready", "True"));

      client.resource(secret("redis-auth", "stale", true)).update();
      await().atMost(AT_ONCE).until(() -> is("rotated", "RedisReachable", "False"));
      assertThat(conditionOf("rotated", "Ready").getReason()).isEqualTo("RedisUnreachable");

      client.resource(secret("redis-auth", "current", true)).update();
      await().atMost(AT_ONCE).until(() -> is("rotated", "Ready", "True"));
    }
  }
}
