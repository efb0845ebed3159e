package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.operator.redis.KeyspaceLedger;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RedisReachable and KeyspaceNotifications against real redis-server processes. */
class RedisConditionsIT extends OperatorOnMockServer {

  static CacheSync withEvents(CacheSync cs, boolean manage, KeyspaceEvent... events) {
    CacheSyncs.withEvents(cs, events).getSpec().getKeyspaceNotifications().setManage(manage);
    return cs;
  }

  @Test
  @DisplayName(
      "Redis unreachable: RedisReachable=False and Ready=False saying so; recovers when Redis comes up")
  void unreachableThenRecovers() {
    try (RedisServer redis = RedisServer.start()) {
      redis.stop();
      client.resource(CacheSyncs.minimal(NS, "waits", redis.uri())).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> is("waits", "RedisReachable", "False"));
      assertThat(conditionOf("waits", "RedisReachable").getReason()).isEqualTo("Unreachable");
      assertThat(conditionOf("waits", "Ready").getReason()).isEqualTo("RedisUnreachable");
      assertThat(conditionOf("waits", "Ready").getMessage()).contains(redis.uri());
      redis.restart();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> is("waits", "RedisReachable", "True") && is("waits", "Ready", "True"));
    }
  }

  @Test
  @DisplayName(
      "keyspace flags are merged into what the server has, never removing its own; the server's ledger records what was added and who needs it")
  void flagsMerged() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Kl")) {
      client
          .resource(
              withEvents(
                  CacheSyncs.minimal(NS, "merges", redis.uri()),
                  true,
                  KeyspaceEvent.expired,
                  KeyspaceEvent.del))
          .create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> is("merges", "KeyspaceNotifications", "True") && is("merges", "Ready", "True"));
      String flags =
          RedisCli.command(redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events");
      for (char f : "KlExg".toCharArray()) assertThat(flags).contains(String.valueOf(f));
      CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName("merges").get();
      assertThat(cs.getStatus().getKeyspaceFlagsServer()).isEqualTo("127.0.0.1:" + redis.port());
      assertThat(RedisCli.command(redis.host(), redis.port(), "HGET", KeyspaceLedger.KEY, "added"))
          .isEqualTo("Exg");
      assertThat(
              RedisCli.command(
                  redis.host(),
                  redis.port(),
                  "HGET",
                  KeyspaceLedger.KEY,
                  cs.getMetadata().getUid()))
          .isEqualTo("Exg");
      assertThat(conditionOf("merges", "KeyspaceNotifications").getMessage())
          .contains("added 'Exg'");
    }
  }

  @Test
  @DisplayName(
      "CONFIG forbidden (managed Redis): KeyspaceNotifications=False, ConfigForbidden, with the flags to set and how")
  void configForbidden() {
    try (RedisServer redis = RedisServer.start("--rename-command", "CONFIG", "")) {
      client
          .resource(
              withEvents(
                  CacheSyncs.minimal(NS, "managed", redis.uri()), true, KeyspaceEvent.expired))
          .create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> is("managed", "KeyspaceNotifications", "False"));
      Condition c = conditionOf("managed", "KeyspaceNotifications");
      assertThat(c.getReason()).isEqualTo("ConfigForbidden");
      assertThat(c.getMessage()).contains("'Ex'", "notify-keyspace-events", "ElastiCache");
      assertThat(conditionOf("managed", "RedisReachable").getStatus()).isEqualTo("True");
      assertThat(conditionOf("managed", "Ready").getReason())
          .isEqualTo("KeyspaceNotificationsMissing");
    }
  }

  @Test
  @DisplayName(
      "an ACL user without CONFIG: ConfigForbidden, the reconcile goes on, nothing is written to the ledger, and deletion does not wait")
  void configForbiddenByAcl() {
    try (RedisServer redis =
        RedisServer.start("--user", "app", "on", ">pw", "~*", "&*", "+@all", "-config")) {
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("app-user")
                  .withNamespace(NS)
                  .addToLabels("cachesync.io/credentials", "true")
                  .endMetadata()
                  .withStringData(Map.of("user", "app", "password", "pw"))
                  .build())
          .create();
      CacheSync cs =
          withEvents(CacheSyncs.minimal(NS, "confined", redis.uri()), true, KeyspaceEvent.del);
      SecretKeys keys = new SecretKeys();
      keys.setSecretName("app-user");
      keys.setUsernameKey("user");
      cs.getSpec().getRedis().setCredentials(keys);
      client.resource(cs).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> is("confined", "KeyspaceNotifications", "False"));
      Condition c = conditionOf("confined", "KeyspaceNotifications");
      assertThat(c.getReason()).isEqualTo("ConfigForbidden");
      assertThat(c.getMessage()).contains("'Eg'", "NOPERM");
      assertThat(conditionOf("confined", "RedisReachable").getStatus()).isEqualTo("True");
      assertThat(conditionOf("confined", "Ready").getReason())
          .isEqualTo("KeyspaceNotificationsMissing");
      assertThat(RedisCli.command(redis.host(), redis.port(), "EXISTS", KeyspaceLedger.KEY))
          .isEqualTo("0");
      client.resources(CacheSync.class).inNamespace(NS).withName("confined").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client.resources(CacheSync.class).inNamespace(NS).withName("confined").get()
                      == null);
    }
  }

  @Test
  @DisplayName(
      "manage: false and flags missing: FlagsMissing, naming the value to set; the server is left alone")
  void notManaged() {
    try (RedisServer redis = RedisServer.start()) {
      client
          .resource(
              withEvents(
                  CacheSyncs.minimal(NS, "hands-off", redis.uri()), false, KeyspaceEvent.set))
          .create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> is("hands-off", "KeyspaceNotifications", "False"));
      assertThat(conditionOf("hands-off", "KeyspaceNotifications").getReason())
          .isEqualTo("FlagsMissing");
      assertThat(conditionOf("hands-off", "KeyspaceNotifications").getMessage()).contains("'E$'");
      assertThat(
              RedisCli.command(
                  redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events"))
          .doesNotContain("$");
    }
  }

  @Test
  @DisplayName("credentials from a Secret authenticate; a missing Secret is named in the condition")
  void credentials() {
    try (RedisServer redis = RedisServer.start("--requirepass", "s3cret")) {
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("redis-auth")
                  .withNamespace(NS)
                  .addToLabels("cachesync.io/credentials", "true")
                  .endMetadata()
                  .withStringData(Map.of("password", "s3cret"))
                  .build())
          .create();
      CacheSync ok = CacheSyncs.minimal(NS, "authed", redis.uri());
      SecretKeys keys = new SecretKeys();
      keys.setSecretName("redis-auth");
      ok.getSpec().getRedis().setCredentials(keys);
      client.resource(ok).create();
      CacheSync missing = CacheSyncs.minimal(NS, "no-secret", redis.uri());
      SecretKeys nope = new SecretKeys();
      nope.setSecretName("not-there");
      missing.getSpec().getRedis().setCredentials(nope);
      client.resource(missing).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> is("authed", "RedisReachable", "True"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> is("no-secret", "RedisReachable", "False"));
      assertThat(conditionOf("no-secret", "RedisReachable").getMessage())
          .contains("Secret not-there does not exist");
    }
  }

  @Test
  @DisplayName(
      "an ACL user: a named username key authenticates with it; a named key the Secret lacks is named in the condition")
  void aclUser() {
    // the default user is off: only the username from the Secret gets in
    try (RedisServer redis =
        RedisServer.start(
            "--user", "default", "off", "--user", "shop", "on", ">pw", "~*", "&*", "+@all")) {
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("shop-user")
                  .withNamespace(NS)
                  .addToLabels("cachesync.io/credentials", "true")
                  .endMetadata()
                  .withStringData(Map.of("user", "shop", "password", "pw"))
                  .build())
          .create();
      CacheSync ok = CacheSyncs.minimal(NS, "as-shop", redis.uri());
      SecretKeys keys = new SecretKeys();
      keys.setSecretName("shop-user");
      keys.setUsernameKey("user");
      ok.getSpec().getRedis().setCredentials(keys);
      client.resource(ok).create();
      CacheSync wrongKey = CacheSyncs.minimal(NS, "no-such-key", redis.uri());
      SecretKeys missing = new SecretKeys();
      missing.setSecretName("shop-user");
      missing.setUsernameKey("login");
      wrongKey.getSpec().getRedis().setCredentials(missing);
      client.resource(wrongKey).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> is("as-shop", "RedisReachable", "True"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> is("no-such-key", "RedisReachable", "False"));
      assertThat(conditionOf("no-such-key", "RedisReachable").getMessage())
          .contains("Secret shop-user has no key 'login'");
    }
  }
}
