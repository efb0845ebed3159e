package io.cachesync.operator.webhook.tls;

import static io.cachesync.operator.webhook.WebhookFixtures.NS;
import static io.cachesync.operator.webhook.WebhookFixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.webhook.Https;
import io.cachesync.operator.webhook.Injection;
import io.cachesync.operator.webhook.InjectionSettings;
import io.cachesync.operator.webhook.KubernetesVersion;
import io.cachesync.operator.webhook.MutableClock;
import io.cachesync.operator.webhook.WebhookFixtures;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Renewal before expiry, and replicas that race for the one Secret, against the mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorCertificatesIT {
  static final Duration VALIDITY = Duration.ofDays(30);
  static final List<String> NAMES = WebhookFixtures.settings(List.of("localhost")).dnsNames();

  KubernetesClient client;

  @BeforeEach
  void chart() {
    WebhookFixtures.createWebhookConfiguration(client);
  }

  OperatorCertificates replica(TlsSecretStore store, ReloadingKeyManager keys, Clock clock) {
    return new OperatorCertificates(
        store,
        new CaBundlePatcher(client, WebhookFixtures.CONFIGURATION),
        keys,
        NAMES,
        VALIDITY,
        clock);
  }

  TlsSecretStore store() {
    return new TlsSecretStore(client, NS, SECRET);
  }

  @Test
  @DisplayName(
      "a certificate 2/3 through its life is replaced, and the running server presents the new one")
  void renewal() throws Exception {
    Instant now = Instant.now();
    // the first certificate was issued 21 days ago: still valid, but past 2/3 of its 30 days
    MutableClock clock = new MutableClock(now.minus(Duration.ofDays(21)));
    InjectionSettings settings =
        WebhookFixtures.settings(List.of("localhost"))
            .withCertificateTiming(VALIDITY, Duration.ofHours(1));
    try (Injection injection =
        Injection.start(
            client,
            settings,
            ns -> List.of(),
            () -> true,
            () -> {},
            KubernetesVersion.UNKNOWN,
            new PrometheusRegistry(),
            clock)) {
      await().atMost(Duration.ofSeconds(30)).until(injection::isReady);
      String url = "https://localhost:" + injection.port() + "/inject";
      X509Certificate first = WebhookFixtures.storedLeaf(client);
      X509Certificate firstCa = WebhookFixtures.trustedCas(client).get(0);
      assertThat(Https.served(url, List.of(firstCa))).isEqualTo(first);

      injection.checkCertificates();
      assertThat(WebhookFixtures.storedLeaf(client)).as("not due yet").isEqualTo(first);

      clock.set(now);
      injection.checkCertificates();

      X509Certificate second = WebhookFixtures.storedLeaf(client);
      assertThat(second).isNotEqualTo(first);
      assertThat(second.getNotBefore().toInstant()).isAfter(first.getNotBefore().toInstant());
      List<X509Certificate> cas = WebhookFixtures.trustedCas(client);
      assertThat(cas).hasSize(2);
      assertThat(cas.get(1)).as("the previous CA stays trusted").isEqualTo(firstCa);
      assertThat(WebhookFixtures.caBundle(client))
          .isEqualTo(WebhookFixtures.secret(client).getData().get("ca.crt"));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(Https.served(url, cas)).isEqualTo(second));
      assertThat(Https.served(url, List.of(cas.get(0)))).isEqualTo(second);
    }
  }

  @Test
  @DisplayName("replicas starting together converge on one Secret and serve the same certificate")
  void concurrentStart() throws Exception {
    List<ReloadingKeyManager> keys = new ArrayList<>();
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 3; i++) {
      ReloadingKeyManager k = new ReloadingKeyManager();
      keys.add(k);
      OperatorCertificates replica = replica(store(), k, Clock.systemUTC());
      runs.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                replica.check();
              }));
    }
    go.countDown();
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    X509Certificate stored = WebhookFixtures.storedLeaf(client);
    for (ReloadingKeyManager k : keys) {
      assertThat(k.current()).isNotNull();
      assertThat(k.current().leaf()).isEqualTo(stored);
    }
    assertThat(WebhookFixtures.caBundle(client))
        .isEqualTo(WebhookFixtures.secret(client).getData().get("ca.crt"));
  }

  @Test
  @DisplayName("losing the create race (409) reads and serves the winner's certificate")
  void createConflict() {
    AtomicInteger creates = new AtomicInteger();
    TlsSecretStore loser =
        new TlsSecretStore(client, NS, SECRET) {
          @Override
          void create(TlsBundle bundle) {
            creates.incrementAndGet();
            Instant now = Instant.now();
            store().create(TlsBundle.renewed(SelfSignedCa.issue(NAMES, now, VALIDITY), null, now));
            super.create(bundle);
          }
        };
    ReloadingKeyManager keys = new ReloadingKeyManager();
    OperatorCertificates replica = replica(loser, keys, Clock.systemUTC());
    replica.check();

    assertThat(creates).hasValue(1);
    assertThat(replica.problem()).isNull();
    assertThat(keys.current().leaf()).isEqualTo(WebhookFixtures.storedLeaf(client));
  }

  @Test
  @DisplayName("losing the renewal race (409) serves the other replica's renewal, not its own")
  void replaceConflict() {
    Instant now = Instant.now();
    Instant then = now.minus(Duration.ofDays(25));
    store().create(TlsBundle.renewed(SelfSignedCa.issue(NAMES, then, VALIDITY), null, then));
    AtomicInteger replaces = new AtomicInteger();
    TlsSecretStore loser =
        new TlsSecretStore(client, NS, SECRET) {
          @Override
          void replace(TlsBundle bundle, Secret current) {
            replaces.incrementAndGet();
            store()
                .replace(
                    TlsBundle.renewed(SelfSignedCa.issue(NAMES, now, VALIDITY), null, now),
                    store().read());
            super.replace(bundle, current);
          }
        };
    ReloadingKeyManager keys = new ReloadingKeyManager();
    replica(loser, keys, Clock.systemUTC()).check();

    assertThat(replaces).hasValue(1);
    X509Certificate stored = WebhookFixtures.storedLeaf(client);
    assertThat(stored.getNotBefore().toInstant()).isAfter(then);
    assertThat(keys.current().leaf()).isEqualTo(stored);
  }

  @Test
  @DisplayName("a Secret the chart made empty is filled in, keeping its labels")
  void emptySecretFromChart() {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName(SECRET)
                .addToLabels("app.kubernetes.io/instance", "cachesync")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(Map.of("tls.crt", "", "tls.key", ""))
                .build())
        .create();
    ReloadingKeyManager keys = new ReloadingKeyManager();
    replica(store(), keys, Clock.systemUTC()).check();

    Secret secret = WebhookFixtures.secret(client);
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", "cachesync");
    assertThat(Base64.getDecoder().decode(secret.getData().get("tls.crt"))).isNotEmpty();
    assertThat(keys.current().leaf()).isEqualTo(WebhookFixtures.storedLeaf(client));
  }

  @Test
  @DisplayName("a certificate that lacks a name the Service needs is replaced")
  void missingName() {
    Instant now = Instant.now();
    store()
        .create(
            TlsBundle.renewed(
                SelfSignedCa.issue(List.of("old-service"), now, VALIDITY), null, now));
    ReloadingKeyManager keys = new ReloadingKeyManager();
    replica(store(), keys, Clock.systemUTC()).check();
    assertThat(keys.current().subjectAltNames()).containsAll(NAMES);
  }
}
