package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.TlsConfig;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import io.cachesync.testsupport.RedisSentinels;
import io.cachesync.testsupport.RedisTlsMode;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In Sentinel and Cluster modes the sidecar reaches most nodes by the address Redis announces (the
 * master the sentinels name, the nodes of the slot map), whatever name {@code redis.url} uses: a
 * certificate that names only the url's host is refused there, with advice about the announced
 * address rather than the url; and {@code redis.tls.verifyHostname: false} reaches those nodes too.
 * Every process here has a certificate for "localhost" only, and announces 127.0.0.1.
 */
class AnnouncedAddressTlsIT {
  @TempDir Path dir;

  private static TlsConfig trusting(TestCertificates ca) {
    return TlsConfig.defaults().withCaFile(ca.caFile().toString());
  }

  private static String refusal(SidecarFixture fixture, RedisConfig redis) {
    Sidecar s = fixture.startOne(fixture.config(redis));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> s.health().detail().contains("does not match host"));
    assertThat(s.serving()).isFalse();
    return s.health().detail();
  }

  /** With the hostname check off, two sidecars on {@code redis} serve and sync. */
  private static void syncsWithoutHostnameCheck(SidecarFixture fixture, RedisConfig redis) {
    List<Sidecar> sidecars = fixture.start(2, redis, c -> c);
    var a = fixture.client(sidecars.get(0));
    var b = fixture.client(sidecars.get(1));
    assertThat(missThenFill(b, "books", "k", "v1")).isTrue();
    assertThat(write(a, "books", "k", "v2")).isTrue();
    await().atMost(Duration.ofSeconds(2)).until(() -> !hits(b, "books", "k"));
  }

  @Test
  @DisplayName(
      "Cluster: nodes announced as 127.0.0.1 with certificates for localhost are refused, saying"
          + " the certificates must name the announced address; verifyHostname false syncs")
  void cluster() {
    TestCertificates ca = TestCertificates.authority(dir, "cluster");
    try (RedisCluster cluster =
            RedisCluster.startTls(RedisTlsMode.of(ca, ca.node("node", "localhost")));
        SidecarFixture fixture = new SidecarFixture()) {
      RedisConfig redis =
          RedisConfig.cluster("rediss://localhost:" + cluster.seed().port()).withTls(trusting(ca));
      assertThat(refusal(fixture, redis))
          .contains("does not match host 127.0.0.1: it is for localhost")
          .contains("127.0.0.1 is the address the cluster announces for that node")
          .contains("every node's certificate must name the address it is announced by")
          .doesNotContain("connect by one of those names");
      syncsWithoutHostnameCheck(fixture, redis.withTls(trusting(ca).withVerifyHostname(false)));
    }
  }

  @Test
  @DisplayName(
      "Sentinel: sentinels reached as localhost name the master as 127.0.0.1, whose certificate"
          + " for localhost is refused, saying it must name that address; verifyHostname false"
          + " syncs")
  void sentinel() {
    TestCertificates ca = TestCertificates.authority(dir, "sentinels");
    RedisTlsMode tls = RedisTlsMode.of(ca, ca.server("node", "localhost"));
    try (RedisSentinels sentinels =
            RedisSentinels.start(RedisSentinels.Options.defaults().withTls(tls));
        SidecarFixture fixture = new SidecarFixture()) {
      String byName =
          "rediss-sentinel://"
              + sentinels.sentinelAddresses().stream()
                  .map(RedisAddress::port)
                  .map(port -> "localhost:" + port)
                  .collect(Collectors.joining(","))
              + "#"
              + sentinels.masterName();
      RedisConfig redis = RedisConfig.sentinel(byName).withTls(trusting(ca));
      assertThat(refusal(fixture, redis))
          .contains("does not match host 127.0.0.1: it is for localhost")
          .contains("127.0.0.1 is the address the sentinels give for the master")
          .contains("data node's certificate must name the address it is announced by")
          .doesNotContain("connect by one of those names");
      syncsWithoutHostnameCheck(fixture, redis.withTls(trusting(ca).withVerifyHostname(false)));
    }
  }
}
