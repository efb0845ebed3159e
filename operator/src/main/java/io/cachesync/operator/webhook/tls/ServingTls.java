package io.cachesync.operator.webhook.tls;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;

/**
 * The webhook's serving certificate, the one way into this package: issued by the operator (kept in
 * a Secret, its CA patched into the webhook configurations) or mounted by cert-manager, checked
 * again on a timer, and served through a key manager that follows every renewal.
 */
public final class ServingTls implements AutoCloseable {
  private final CertificateSource certificates;
  private final ScheduledExecutorService timer;
  private final SSLContext context;

  private ServingTls(
      CertificateSource certificates, ScheduledExecutorService timer, SSLContext context) {
    this.certificates = certificates;
    this.timer = timer;
    this.context = context;
  }

  /**
   * Loads or issues the certificate now and starts the timer that checks it again.
   *
   * @param namespace where the operator's Secret lives (operator mode)
   * @param dnsNames the names and addresses the certificate must carry
   * @param certDir where cert-manager mounts tls.crt and tls.key (cert-manager mode)
   */
  public static ServingTls start(
      KubernetesClient client,
      CertificateMode mode,
      String namespace,
      String tlsSecretName,
      String webhookConfigurationName,
      List<String> dnsNames,
      Duration validity,
      Path certDir,
      Duration checkInterval,
      Clock clock) {
    ReloadingKeyManager keys = new ReloadingKeyManager();
    CertificateSource certificates =
        switch (mode) {
          case OPERATOR ->
              new OperatorCertificates(
                  new TlsSecretStore(client, namespace, tlsSecretName),
                  new CaBundlePatcher(client, webhookConfigurationName),
                  keys,
                  dnsNames,
                  validity,
                  clock);
          case CERT_MANAGER -> new CertManagerCertificates(certDir, keys);
        };
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cachesync-webhook-certificates");
              t.setDaemon(true);
              return t;
            });
    new CertificateTimer(certificates, timer, checkInterval).run();
    return new ServingTls(certificates, timer, WebhookTls.context(keys));
  }

  /** The TLS context whose key manager always holds the current certificate. */
  public SSLContext context() {
    return context;
  }

  /** Why no certificate is served; null when one is. */
  public String problem() {
    return certificates.problem();
  }

  /** Runs a certificate check now, as the timer would. */
  public void check() {
    certificates.check();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
