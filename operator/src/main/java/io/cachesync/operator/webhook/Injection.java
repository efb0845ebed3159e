package io.cachesync.operator.webhook;

import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.policy.SecretLabels;
import io.cachesync.operator.webhook.tls.ServingTls;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The injection webhook, started in one call: the CacheSync watch, the Kubernetes version, the
 * serving certificate (the operator's own or cert-manager's) checked on a timer, and the HTTPS
 * server. Runs on every replica, leader or not, since the Service spreads admission requests over
 * all of them.
 */
public final class Injection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Injection.class);

  private final WebhookServer server;
  private final ServingTls tls;
  private final BooleanSupplier cacheSyncsListed;
  private final AutoCloseable lookup;

  private Injection(
      WebhookServer server,
      ServingTls tls,
      BooleanSupplier cacheSyncsListed,
      AutoCloseable lookup) {
    this.server = server;
    this.tls = tls;
    this.cacheSyncsListed = cacheSyncsListed;
    this.lookup = lookup;
  }

  /**
   * Starts the webhook as configured by {@code settings}, with its own CacheSync informer.
   *
   * @param registry where {@code cachesync_webhook_admissions_total} is registered
   * @throws IOException when the port cannot be bound
   */
  public static Injection start(
      KubernetesClient client, InjectionSettings settings, PrometheusRegistry registry)
      throws IOException {
    return start(
        client, settings, AdmissionPolicy.defaultsFor(settings.sidecar().image()), registry);
  }

  /** As above, with {@code policy} deciding what a CacheSync may inject. */
  public static Injection start(
      KubernetesClient client,
      InjectionSettings settings,
      AdmissionPolicy policy,
      PrometheusRegistry registry)
      throws IOException {
    CacheSyncInformer informer = CacheSyncInformer.start(client);
    try {
      return start(
          client,
          settings,
          policy,
          informer,
          informer::hasSynced,
          informer,
          KubernetesVersion.of(client),
          registry,
          Clock.systemUTC());
    } catch (IOException | RuntimeException e) {
      informer.close();
      throw e;
    }
  }

  /** As below, with the default policy for the sidecar image of {@code settings}. */
  public static Injection start(
      KubernetesClient client,
      InjectionSettings settings,
      CacheSyncLookup cacheSyncs,
      BooleanSupplier cacheSyncsListed,
      AutoCloseable lookup,
      KubernetesVersion version,
      PrometheusRegistry registry,
      Clock clock)
      throws IOException {
    return start(
        client,
        settings,
        AdmissionPolicy.defaultsFor(settings.sidecar().image()),
        cacheSyncs,
        cacheSyncsListed,
        lookup,
        version,
        registry,
        clock);
  }

  /** Everything given, for tests: the CacheSyncs, the cluster's version and the clock. */
  public static Injection start(
      KubernetesClient client,
      InjectionSettings settings,
      AdmissionPolicy policy,
      CacheSyncLookup cacheSyncs,
      BooleanSupplier cacheSyncsListed,
      AutoCloseable lookup,
      KubernetesVersion version,
      PrometheusRegistry registry,
      Clock clock)
      throws IOException {
    ServingTls tls =
        ServingTls.start(
            client,
            settings.certificates(),
            settings.namespace(),
            settings.tlsSecretName(),
            settings.webhookConfigurationName(),
            settings.dnsNames(),
            settings.certificateValidity(),
            settings.certDir(),
            settings.certificateCheckInterval(),
            clock);
    SecretLabels secrets = SecretLabels.from(client);
    AdmissionHandler handler =
        new AdmissionHandler(
            new PodInjector(cacheSyncs, version, settings.sidecar(), policy, secrets),
            new WebhookMetrics(registry));
    CacheSyncAdmissionHandler validation =
        new CacheSyncAdmissionHandler(policy, secrets, new ValidationMetrics(registry));
    try {
      WebhookServer server =
          new WebhookServer(
              new InetSocketAddress(settings.port()), tls.context(), handler, validation);
      log.info(
          "injection webhook on port {} ({} certificates, sidecar image {}, JVM options '{}')",
          server.port(),
          settings.certificates().value(),
          settings.sidecar().image(),
          settings.sidecar().jvmOptions());
      return new Injection(server, tls, cacheSyncsListed, lookup);
    } catch (IOException | RuntimeException e) {
      tls.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  /** Ready once a serving certificate is loaded and the CacheSyncs have been listed. */
  public boolean isReady() {
    return readinessProblem() == null;
  }

  /** Why the webhook is not ready, for {@code /readyz}; null when it is. */
  public String readinessProblem() {
    String certificate = tls.problem();
    if (certificate != null) return "webhook: no serving certificate: " + certificate;
    if (!cacheSyncsListed.getAsBoolean()) return "webhook: CacheSyncs not listed yet";
    return null;
  }

  /** Runs a certificate check now, as the timer would (for tests). */
  public void checkCertificates() {
    tls.check();
  }

  @Override
  public void close() {
    server.close();
    tls.close();
    try {
      lookup.close();
    } catch (Exception e) {
      log.warn("closing the CacheSync watch: {}", e.toString());
    }
  }
}
