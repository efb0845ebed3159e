package io.cachesync.operator.webhook.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cert-manager's certificate, from the files the kubelet keeps up to date in the mounted Secret.
 * The files are compared on every check and loaded when they changed; a pair caught half-written (a
 * key that does not match its certificate) is not served, and the next check tries again.
 */
public final class CertManagerCertificates implements CertificateSource {
  private static final Logger log = LoggerFactory.getLogger(CertManagerCertificates.class);

  private final Path crt;
  private final Path key;
  private final ReloadingKeyManager keys;
  private byte[] loadedCrt;
  private byte[] loadedKey;
  private volatile String problem = "not loaded yet";

  CertManagerCertificates(Path dir, ReloadingKeyManager keys) {
    this.crt = dir.resolve(TlsSecretStore.CRT);
    this.key = dir.resolve(TlsSecretStore.KEY);
    this.keys = keys;
  }

  @Override
  public synchronized boolean check() {
    try {
      byte[] c = Files.readAllBytes(crt);
      byte[] k = Files.readAllBytes(key);
      if (Arrays.equals(c, loadedCrt) && Arrays.equals(k, loadedKey)) return true;
      ServingCertificate cert =
          new ServingCertificate(
              Pem.parseCertificates(crt.toString(), c), Pem.parsePrivateKey(key.toString(), k));
      keys.use(cert);
      loadedCrt = c;
      loadedKey = k;
      problem = null;
      log.info(
          "webhook serves the certificate {} from {} (valid until {})",
          cert.leaf().getSerialNumber().toString(16),
          crt.getParent(),
          cert.leaf().getNotAfter().toInstant());
      return true;
    } catch (IOException | IllegalArgumentException e) {
      problem = "cannot load " + crt.getParent() + ": " + e;
      log.warn("webhook certificate: {}", problem);
      return false;
    }
  }

  @Override
  public String problem() {
    return keys.current() == null ? problem : null;
  }
}
