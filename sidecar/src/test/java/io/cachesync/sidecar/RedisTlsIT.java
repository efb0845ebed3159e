package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.ConfigException;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.config.TlsConfig;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.sidecar.transport.RedisClients;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.RedisTlsMode;
import io.cachesync.testsupport.tls.PemPair;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Redis over TLS against a real redis-server listening on its tls-port only, with a private CA the
 * test makes: what connects, and what is refused with a message that says which check failed.
 */
class RedisTlsIT {
  @TempDir Path dir;
  TestCertificates ca;

  @BeforeEach
  void authority() {
    ca = TestCertificates.authority(dir, "private");
  }

  private static UnaryOperator<SidecarConfig> tls(TlsConfig tls) {
    return c -> c.withRedis(c.redis().withTls(tls));
  }

  private TlsConfig trusting(TestCertificates authority) {
    return TlsConfig.defaults().withCaFile(authority.caFile().toString());
  }

  /** A sidecar that must stay not ready; its health detail once it has tried. */
  private static String refusal(SidecarFixture fixture, String url, TlsConfig tls) {
    Sidecar s =
        fixture.startOne(fixture.config(url).withRedis(fixture.config(url).redis().withTls(tls)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                s.health().detail().contains("TLS certificate")
                    || s.health().detail().contains("client certificate"));
    assertThat(s.serving()).isFalse();
    return s.health().detail();
  }

  @Test
  @DisplayName(
      "trusting the private CA, two sidecars connect over TLS (bus and L2): a write on one"
          + " stops the other serving the old value")
  void trustedCaSyncs() {
    PemPair server = ca.server("server", "127.0.0.1");
    CacheConfig books =
        new CacheConfig("books", Strategy.LookAside, null, null, null, L2Config.on(), null);
    try (RedisServer redis = RedisServer.startTls(RedisTlsMode.of(ca, server));
        SidecarFixture fixture = new SidecarFixture()) {
      List<Sidecar> sidecars =
          fixture.start(2, redis.uri(), c -> tls(trusting(ca)).apply(c).withCaches(List.of(books)));
      CacheServiceBlockingStub a = fixture.client(sidecars.get(0));
      CacheServiceBlockingStub b = fixture.client(sidecars.get(1));
      assertThat(missThenFill(a, "books", "k", "v1")).isTrue();
      assertThat(hits(b, "books", "k")).as("from L2, over TLS").isTrue();
      assertThat(write(a, "books", "k", "v2")).isTrue();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> !get(b, "books", "k").getValue().toStringUtf8().equals("v1"));
    }
  }

  @Test
  @DisplayName("a server certificate from another CA is refused: not trusted by redis.tls.caFile")
  void wrongCa() {
    TestCertificates other = TestCertificates.authority(dir, "other");
    try (RedisServer redis =
            RedisServer.startTls(RedisTlsMode.of(other, other.server("server", "127.0.0.1")));
        SidecarFixture fixture = new SidecarFixture()) {
      assertThat(refusal(fixture, redis.uri(), trusting(ca)))
          .contains(
              "TLS certificate of 127.0.0.1:"
                  + redis.port()
                  + " is not trusted by redis.tls.caFile "
                  + ca.caFile())
          .contains("issued by CN=other");
    }
  }

  @Test
  @DisplayName("an expired server certificate is refused, saying when it expired")
  void expired() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = now.minus(1, ChronoUnit.DAYS);
    PemPair old = ca.server("old", now.minus(2, ChronoUnit.DAYS), notAfter, "127.0.0.1");
    try (RedisServer redis = RedisServer.startTls(RedisTlsMode.of(ca, old));
        SidecarFixture fixture = new SidecarFixture()) {
      assertThat(refusal(fixture, redis.uri(), trusting(ca)))
          .contains("TLS certificate of 127.0.0.1:" + redis.port() + " expired on " + notAfter);
    }
  }

  @Test
  @DisplayName("a certificate for another host is refused: does not match host, naming its names")
  void wrongHostname() {
    PemPair elsewhere = ca.server("elsewhere", "redis.example");
    try (RedisServer redis = RedisServer.startTls(RedisTlsMode.of(ca, elsewhere));
        SidecarFixture fixture = new SidecarFixture()) {
      assertThat(refusal(fixture, redis.uri(), trusting(ca)))
          .contains("does not match host 127.0.0.1: it is for redis.example");
    }
  }

  @Test
  @DisplayName(
      "verifyHostname: false connects to the wrong-hostname server and warns once at start")
  void hostnameCheckOff() {
    PemPair elsewhere = ca.server("elsewhere", "redis.example");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(RedisClients.class);
    logged.start();
    logger.addAppender(logged);
    try (RedisServer redis = RedisServer.startTls(RedisTlsMode.of(ca, elsewhere));
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s = fixture.start(1, redis.uri(), tls(trusting(ca).withVerifyHostname(false))).get(0);
      assertThat(missThenFill(fixture.client(s), "books", "k", "v")).isTrue();
      assertThat(logged.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .filteredOn(e -> e.getFormattedMessage().contains("redis.tls.verifyHostname is false"))
          .hasSize(1);
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  @DisplayName(
      "a server with tls-auth-clients yes refuses a sidecar without a client certificate and takes one with it")
  void mutualTls() {
    PemPair server = ca.server("server", "127.0.0.1");
    PemPair client = ca.client("sidecar");
    RedisTlsMode mtls = RedisTlsMode.of(ca, server).requiringClientCertificates(client);
    try (RedisServer redis = RedisServer.startTls(mtls);
        SidecarFixture fixture = new SidecarFixture()) {
      assertThat(refusal(fixture, redis.uri(), trusting(ca)))
          .contains("requires a client certificate")
          .contains("redis.tls.certFile and redis.tls.keyFile");
      TlsConfig withCert =
          trusting(ca)
              .withClientCertificate(client.certFile().toString(), client.keyFile().toString());
      Sidecar s = fixture.start(1, redis.uri(), tls(withCert)).get(0);
      assertThat(missThenFill(fixture.client(s), "books", "k", "v")).isTrue();
    }
  }

  @Test
  @DisplayName("a redis.tls.caFile that does not exist stops the start, naming the key and path")
  void missingCaFileStopsStart() {
    Path missing = dir.resolve("absent-ca.crt");
    try (SidecarFixture fixture = new SidecarFixture()) {
      assertThatThrownBy(
              () ->
                  fixture.startOne(
                      tls(TlsConfig.defaults().withCaFile(missing.toString()))
                          .apply(fixture.config("rediss://127.0.0.1:1"))))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("redis.tls.caFile: " + missing + " does not exist");
    }
  }

  @Test
  @DisplayName(
      "a rotated CA is used on reconnect: the server restarts with a certificate of a new CA, the"
          + " mounted caFile is replaced, and the sidecar's bus connects again without a restart")
  void rotatedCaOnReconnect() throws Exception {
    Path mounted = dir.resolve("mounted");
    Files.createDirectories(mounted);
    Path caFile = mounted.resolve("ca.crt");
    Files.copy(ca.caFile(), caFile);
    PemPair server = ca.server("server", "127.0.0.1");
    try (RedisServer redis = RedisServer.startTls(RedisTlsMode.of(ca, server));
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s =
          fixture
              .start(1, redis.uri(), tls(TlsConfig.defaults().withCaFile(caFile.toString())))
              .get(0);

      TestCertificates next = TestCertificates.authority(dir.resolve("next"), "next");
      PemPair renewed = next.server("server", "127.0.0.1");
      redis.stop();
      await().atMost(Duration.ofSeconds(10)).until(() -> s.bus().state() != SyncState.CONNECTED);
      Files.copy(renewed.certFile(), server.certFile(), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(renewed.keyFile(), server.keyFile(), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(next.caFile(), caFile, StandardCopyOption.REPLACE_EXISTING);
      redis.restart();

      await().atMost(Duration.ofSeconds(20)).until(() -> s.bus().state() == SyncState.CONNECTED);
    }
  }

  @Test
  @DisplayName("a client certificate of another CA is refused by an mTLS server, naming certFile")
  void clientCertificateOfAnotherCa() {
    TestCertificates other = TestCertificates.authority(dir, "other");
    PemPair stranger = other.client("stranger");
    RedisTlsMode mtls =
        RedisTlsMode.of(ca, ca.server("server", "127.0.0.1"))
            .requiringClientCertificates(ca.client("probe"));
    try (RedisServer redis = RedisServer.startTls(mtls);
        SidecarFixture fixture = new SidecarFixture()) {
      assertThat(
              refusal(
                  fixture,
                  redis.uri(),
                  trusting(ca)
                      .withClientCertificate(
                          stranger.certFile().toString(), stranger.keyFile().toString())))
          .contains("refused the client certificate of redis.tls.certFile " + stranger.certFile());
    }
  }

  @Test
  @DisplayName("TLS towards a plain port asks whether it is the server's tls-port")
  void plainPort() {
    try (RedisServer redis = RedisServer.start();
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s =
          fixture.startOne(
              tls(new TlsConfig(true, null, null, null, true)).apply(fixture.config(redis.uri())));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> s.health().detail().contains("is that the server's tls-port?"));
      assertThat(s.serving()).isFalse();
    }
  }
}
