package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.TlsConfig;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisSentinels;
import io.cachesync.testsupport.RedisTlsMode;
import io.cachesync.testsupport.tls.PemPair;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sentinel mode over TLS ({@code rediss-sentinel://}): sentinels and data nodes listen with TLS
 * only and demand client certificates, so the sidecar's {@code redis.tls} must reach both the
 * sentinel connections and the master's.
 */
class SentinelTlsIT {
  @TempDir Path dir;
  TestCertificates ca;
  PemPair client;
  RedisSentinels redis;
  SidecarFixture fixture;

  @BeforeEach
  void start() {
    ca = TestCertificates.authority(dir, "sentinels");
    client = ca.client("sidecar");
    RedisTlsMode mtls =
        RedisTlsMode.of(ca, ca.server("node", "127.0.0.1")).requiringClientCertificates(client);
    redis = RedisSentinels.start(RedisSentinels.Options.defaults().withTls(mtls));
    fixture = new SidecarFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  private RedisConfig trusting(TestCertificates authority) {
    return RedisConfig.sentinel(redis.sentinelUri())
        .withTls(
            TlsConfig.defaults()
                .withCaFile(authority.caFile().toString())
                .withClientCertificate(client.certFile().toString(), client.keyFile().toString()));
  }

  @Test
  @DisplayName(
      "two sidecars on TLS sentinels: a write on one drops the other's copy, and after the master"
          + " is killed and the replica promoted, a value overwritten across the failover is not"
          + " served")
  void syncsAcrossAFailover() {
    List<Sidecar> sidecars = fixture.start(2, trusting(ca), c -> c);
    CacheServiceBlockingStub a = fixture.client(sidecars.get(0));
    CacheServiceBlockingStub b = fixture.client(sidecars.get(1));
    for (Sidecar s : sidecars)
      assertThat(s.health().redisServer()).isEqualTo(redis.master().toString());
    assertThat(missThenFill(b, "books", "k", "v0")).isTrue();
    assertThat(write(a, "books", "k", "v1")).isTrue();
    await().atMost(Duration.ofSeconds(2)).until(() -> !hits(b, "books", "k"));
    assertThat(missThenFill(b, "books", "k", "v1")).isTrue();

    RedisAddress killed = redis.killMaster();
    assertThat(write(a, "books", "k", "v2")).isTrue(); // buffered for b until a master is back
    RedisAddress promoted = redis.awaitFailover();
    assertThat(promoted).isNotEqualTo(killed);
    for (Sidecar s : sidecars) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  s.bus().state() == SyncState.CONNECTED
                      && s.health().redisServer().equals(promoted.toString()));
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              GetResponse r = get(b, "books", "k");
              return !r.getFound() || r.getValue().toStringUtf8().equals("v2");
            });

    // and through the new master, over TLS, a write still drops the peer's copy
    if (!hits(b, "books", "k")) assertThat(missThenFill(b, "books", "k", "v2")).isTrue();
    assertThat(write(a, "books", "k", "v3")).isTrue();
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> !get(b, "books", "k").getValue().toStringUtf8().equals("v2"));
  }

  @Test
  @DisplayName(
      "a CA that did not sign the sentinels: the sidecar stays not ready and its health names"
          + " redis.tls.caFile")
  void untrustedSentinels() {
    TestCertificates other = TestCertificates.authority(dir, "other");
    Sidecar s = fixture.startOne(fixture.config(trusting(other)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> s.health().detail().contains("redis.tls.caFile"));
    assertThat(s.health().detail()).contains("not trusted by redis.tls.caFile " + other.caFile());
    assertThat(s.serving()).isFalse();
  }
}
