package io.cachesync.operator.webhook.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The contents of the webhook's TLS Secret: what to serve, and the CAs the API server must trust
 * (the current one first, then earlier ones that have not expired).
 */
public record TlsBundle(ServingCertificate serving, List<X509Certificate> cas) {
  public TlsBundle {
    cas = List.copyOf(cas);
    if (cas.isEmpty()) throw new IllegalArgumentException("ca.crt: no CA");
  }

  /** A new certificate under a new CA, keeping the CAs of {@code before} that are still valid. */
  static TlsBundle renewed(SelfSignedCa.Issued issued, TlsBundle before, Instant now) {
    List<X509Certificate> cas = new ArrayList<>();
    cas.add(issued.ca());
    if (before != null) {
      for (X509Certificate ca : before.cas()) {
        if (ca.getNotAfter().toInstant().isAfter(now) && cas.size() < 3) cas.add(ca);
      }
    }
    return new TlsBundle(issued.serving(), cas);
  }

  /**
   * Why this bundle must be replaced at {@code now}, or null when it may be served: it must be
   * signed by the current CA, cover every name, and not be due for renewal.
   */
  String replaceReason(List<String> names, Instant now) {
    X509Certificate leaf = serving.leaf();
    try {
      leaf.verify(cas.get(0).getPublicKey());
    } catch (GeneralSecurityException e) {
      return "tls.crt is not signed by the first CA in ca.crt";
    }
    List<String> missing = new ArrayList<>(names);
    missing.removeAll(serving.subjectAltNames());
    if (!missing.isEmpty()) return "the certificate lacks the names " + missing;
    if (!now.isBefore(serving.renewAt())) {
      return "the certificate is due for renewal since "
          + serving.renewAt()
          + " (expires "
          + leaf.getNotAfter().toInstant()
          + ")";
    }
    return null;
  }

  public String caPem() {
    return Pem.certificates(cas);
  }
}
