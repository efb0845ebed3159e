package io.cachesync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachesync.testsupport.tls.PemPair;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RedisTlsServerTest {
  @TempDir Path dir;

  @Test
  @DisplayName("a TLS server listens on its TLS port only, and restarts on it")
  void tlsOnly() {
    assumeTrue(RedisBinaries.onPath().isPresent(), "no redis-server on PATH");
    TestCertificates ca = TestCertificates.authority(dir, "test");
    PemPair server = ca.server("server", "127.0.0.1");
    try (RedisServer redis = RedisServer.startTls(RedisTlsMode.of(ca, server))) {
      assertThat(redis.uri()).isEqualTo("rediss://127.0.0.1:" + redis.port());
      assertThat(Ping.pong(redis.host(), redis.port())).as("plain PING").isFalse();
      assertThat(
              Ping.pong(redis.host(), redis.port(), TlsPing.factory(RedisTlsMode.of(ca, server))))
          .isTrue();
      redis.restart();
      assertThat(redis.isRunning()).isTrue();
    }
  }

  @Test
  @DisplayName("a server demanding client certificates is ready through the probe certificate")
  void mutualTls() {
    assumeTrue(RedisBinaries.onPath().isPresent(), "no redis-server on PATH");
    TestCertificates ca = TestCertificates.authority(dir, "test");
    RedisTlsMode plainTls = RedisTlsMode.of(ca, ca.server("server", "127.0.0.1"));
    RedisTlsMode mtls = plainTls.requiringClientCertificates(ca.client("probe"));
    try (RedisServer redis = RedisServer.startTls(mtls)) {
      assertThat(Ping.pong(redis.host(), redis.port(), TlsPing.factory(plainTls)))
          .as("no client certificate")
          .isFalse();
    }
  }

  @Test
  @DisplayName("an expired server certificate still lets redis-server start (clients refuse it)")
  void expiredStarts() {
    assumeTrue(RedisBinaries.onPath().isPresent(), "no redis-server on PATH");
    TestCertificates ca = TestCertificates.authority(dir, "test");
    Instant now = Instant.now();
    PemPair expired =
        ca.server("old", now.minus(2, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS), "127.0.0.1");
    try (RedisServer redis = RedisServer.startTls(RedisTlsMode.of(ca, expired))) {
      assertThat(redis.isRunning()).isTrue();
    }
  }
}
