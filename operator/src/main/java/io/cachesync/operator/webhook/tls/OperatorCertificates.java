package io.cachesync.operator.webhook.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as its own certificate authority. Every replica runs the same check, at start and
 * then periodically: read the Secret; serve it if it is usable; otherwise issue a new certificate
 * and write it conditionally. A replica that loses a race (409) reads and serves what the winner
 * wrote, so all replicas converge on one Secret. The caBundle is updated before a new certificate
 * is served, and keeps the previous CA, so neither this replica nor one still serving the previous
 * certificate is ever untrusted.
 */
public final class OperatorCertificates implements CertificateSource {
  private static final Logger log = LoggerFactory.getLogger(OperatorCertificates.class);
  private static final int ATTEMPTS = 5;

  private final TlsSecretStore store;
  private final CaBundlePatcher caBundle;
  private final ReloadingKeyManager keys;
  private final List<String> names;
  private final Duration validity;
  private final Clock clock;
  private volatile String problem = "not loaded yet";

  OperatorCertificates(
      TlsSecretStore store,
      CaBundlePatcher caBundle,
      ReloadingKeyManager keys,
      List<String> names,
      Duration validity,
      Clock clock) {
    this.store = store;
    this.caBundle = caBundle;
    this.keys = keys;
    this.names = List.copyOf(names);
    this.validity = validity;
    this.clock = clock;
  }

  /** One pass; failures are logged and kept for {@link #problem}, and the next pass retries. */
  @Override
  public synchronized boolean check() {
    try {
      boolean trusted = refresh();
      problem = null;
      return trusted;
    } catch (RuntimeException e) {
      problem = store.describe() + ": " + e.getMessage();
      log.warn("webhook certificate: {}", problem, e);
      return false;
    }
  }

  @Override
  public String problem() {
    return keys.current() == null ? problem : null;
  }

  /**
   * Loads, or issues and stores, a usable certificate and serves it.
   *
   * @return whether the caBundle now trusts it
   */
  boolean refresh() {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      Secret secret = store.read();
      TlsBundle stored = null;
      String reason;
      if (secret == null) {
        reason = "it does not exist";
      } else {
        try {
          stored = TlsSecretStore.parse(secret);
          reason = stored.replaceReason(names, now);
        } catch (IllegalArgumentException e) {
          reason = e.getMessage();
        }
      }
      if (reason == null) return serve(stored);
      log.info("{}: issuing a new webhook certificate: {}", store.describe(), reason);
      TlsBundle next = TlsBundle.renewed(SelfSignedCa.issue(names, now, validity), stored, now);
      try {
        if (secret == null) store.create(next);
        else store.replace(next, secret);
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
          log.info("{} was written by another replica; reading it again", store.describe());
          continue;
        }
        throw e;
      }
      return serve(next);
    }
    throw new IllegalStateException(
        "still conflicting with other writers after " + ATTEMPTS + " attempts");
  }

  /**
   * The caBundle first: the API server must trust a certificate before it is presented. When the
   * caBundle cannot be written, a renewed certificate waits (the current one is still valid for a
   * third of its life) and the next pass tries again; a first one is served anyway, as nothing else
   * is.
   */
  private boolean serve(TlsBundle bundle) {
    ServingCertificate now = keys.current();
    boolean trusted;
    try {
      trusted = caBundle.ensure(bundle.caPem());
    } catch (RuntimeException e) {
      if (now == null) use(bundle);
      throw e;
    }
    if (now == null || !now.leaf().equals(bundle.serving().leaf())) use(bundle);
    return trusted;
  }

  private void use(TlsBundle bundle) {
    keys.use(bundle.serving());
    log.info(
        "webhook serves the certificate {} (valid until {}, due for renewal from {})",
        bundle.serving().leaf().getSerialNumber().toString(16),
        bundle.serving().leaf().getNotAfter().toInstant(),
        bundle.serving().renewAt());
  }
}
