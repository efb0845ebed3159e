package io.cachesync.operator.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.webhook.Https;
import io.cachesync.operator.webhook.Injection;
import io.cachesync.operator.webhook.InjectionSettings;
import io.cachesync.operator.webhook.KubernetesVersion;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cert-manager mode: the files in the mounted Secret are served, and a rewrite is picked up. */
class CertManagerCertificatesIT {
  @TempDir Path dir;

  static SelfSignedCa.Issued issue() {
    return SelfSignedCa.issue(List.of("localhost"), Instant.now(), Duration.ofDays(90));
  }

  void write(SelfSignedCa.Issued issued) throws Exception {
    Files.writeString(dir.resolve("tls.crt"), Pem.certificates(issued.serving().chain()));
    Files.writeString(dir.resolve("tls.key"), Pem.privateKey(issued.serving().key()));
  }

  Injection start() throws Exception {
    InjectionSettings settings =
        new InjectionSettings(
                0,
                "cachesync-webhook",
                null,
                null,
                null,
                CertificateMode.CERT_MANAGER,
                dir,
                null,
                List.of(),
                null,
                null)
            .withCertificateTiming(null, Duration.ofMillis(100));
    return Injection.start(
        null,
        settings,
        ns -> List.of(),
        () -> true,
        () -> {},
        KubernetesVersion.UNKNOWN,
        new PrometheusRegistry(),
        Clock.systemUTC());
  }

  @Test
  @DisplayName("the mounted files are served; a rewrite is served without a restart")
  void reload() throws Exception {
    SelfSignedCa.Issued first = issue();
    write(first);
    try (Injection injection = start()) {
      assertThat(injection.isReady()).isTrue();
      String url = "https://localhost:" + injection.port() + "/inject";
      assertThat(Https.served(url, List.of(first.ca()))).isEqualTo(first.serving().leaf());

      SelfSignedCa.Issued second = issue();
      write(second);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(Https.served(url, List.of(second.ca())))
                      .isEqualTo(second.serving().leaf()));
    }
  }

  @Test
  @DisplayName("not ready without files; a certificate with another key is never served")
  void badFiles() throws Exception {
    try (Injection injection = start()) {
      assertThat(injection.isReady()).isFalse();
      assertThat(injection.readinessProblem())
          .startsWith("webhook: no serving certificate: cannot load " + dir)
          .contains("tls.crt");

      SelfSignedCa.Issued first = issue();
      SelfSignedCa.Issued other = issue();
      Files.writeString(dir.resolve("tls.crt"), Pem.certificates(first.serving().chain()));
      Files.writeString(dir.resolve("tls.key"), Pem.privateKey(other.serving().key()));
      injection.checkCertificates();
      assertThat(injection.readinessProblem()).contains("does not belong to the certificate");

      Files.writeString(dir.resolve("tls.key"), Pem.privateKey(first.serving().key()));
      await().atMost(Duration.ofSeconds(10)).until(injection::isReady);
      X509Certificate served =
          Https.served("https://localhost:" + injection.port() + "/inject", List.of(first.ca()));
      assertThat(served).isEqualTo(first.serving().leaf());
    }
  }
}
