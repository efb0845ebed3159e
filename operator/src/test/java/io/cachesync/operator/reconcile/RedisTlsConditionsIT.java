package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.TlsSpec;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.RedisTlsMode;
import io.cachesync.testsupport.tls.PemPair;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's own Redis check over TLS, against a real redis-server that demands a client
 * certificate from a private CA: it trusts and presents what the CacheSync's Secrets hold.
 */
class RedisTlsConditionsIT extends OperatorOnMockServer {
  @TempDir Path dir;

  void secret(String name, String type, Map<String, String> data) {
    client.resource(CacheSyncs.redisSecret(NS, name, type, data, true)).create();
  }

  CacheSync tlsCacheSync(String name, String url, String caSecret, String clientSecret) {
    CacheSync cs = CacheSyncs.withEvents(CacheSyncs.minimal(NS, name, url), KeyspaceEvent.expired);
    TlsSpec tls = new TlsSpec();
    tls.setCaSecretName(caSecret);
    tls.setClientCertSecretName(clientSecret);
    cs.getSpec().getRedis().setTls(tls);
    return cs;
  }

  @Test
  @DisplayName(
      "with the CA and client certificate Secrets the check connects over mTLS and sets the"
          + " keyspace flags; without the CA, or with a CA Secret that is missing, it says why")
  void mutualTls() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "private");
    PemPair server = ca.server("server", "127.0.0.1");
    PemPair operatorCert = ca.client("operator");
    RedisTlsMode mtls = RedisTlsMode.of(ca, server).requiringClientCertificates(operatorCert);
    try (RedisServer redis = RedisServer.startTls(mtls)) {
      secret("redis-ca", "Opaque", Map.of("ca.crt", Files.readString(ca.caFile())));
      secret(
          "redis-client",
          "kubernetes.io/tls",
          Map.of(
              "tls.crt", Files.readString(operatorCert.certFile()),
              "tls.key", Files.readString(operatorCert.keyFile())));
      client.resource(tlsCacheSync("trusted", redis.uri(), "redis-ca", "redis-client")).create();
      client.resource(tlsCacheSync("roots", redis.uri(), null, "redis-client")).create();
      client.resource(tlsCacheSync("no-ca", redis.uri(), "absent", "redis-client")).create();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> is("trusted", "KeyspaceNotifications", "True"));
      assertThat(conditionOf("trusted", "RedisReachable").getStatus()).isEqualTo("True");
      assertThat(conditionOf("trusted", "KeyspaceNotifications").getMessage())
          .contains("notify-keyspace-events");

      await().atMost(Duration.ofSeconds(30)).until(() -> is("roots", "RedisReachable", "False"));
      assertThat(conditionOf("roots", "RedisReachable").getMessage())
          .contains(redis.uri())
          .contains("not signed by a CA in spec.redis.tls.caSecretName");

      await().atMost(Duration.ofSeconds(30)).until(() -> is("no-ca", "RedisReachable", "False"));
      assertThat(conditionOf("no-ca", "RedisReachable").getMessage())
          .contains("the TLS CA Secret absent does not exist");
    }
  }

  @Test
  @DisplayName(
      "a certificate for another host is refused naming spec.redis.url, unless verifyHostname is"
          + " false")
  void hostname() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "private");
    try (RedisServer redis =
        RedisServer.startTls(RedisTlsMode.of(ca, ca.server("elsewhere", "redis.example")))) {
      secret("redis-ca", "Opaque", Map.of("ca.crt", Files.readString(ca.caFile())));
      client.resource(tlsCacheSync("strict", redis.uri(), "redis-ca", null)).create();
      CacheSync lax = tlsCacheSync("lax", redis.uri(), "redis-ca", null);
      lax.getSpec().getRedis().getTls().setVerifyHostname(false);
      client.resource(lax).create();

      await().atMost(Duration.ofSeconds(30)).until(() -> is("lax", "RedisReachable", "True"));
      await().atMost(Duration.ofSeconds(30)).until(() -> is("strict", "RedisReachable", "False"));
      assertThat(conditionOf("strict", "RedisReachable").getMessage())
          .contains("does not name the host of spec.redis.url");
    }
  }
}
