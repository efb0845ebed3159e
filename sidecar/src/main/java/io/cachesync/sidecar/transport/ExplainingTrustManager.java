package io.cachesync.sidecar.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX check of the Redis server's certificate, with the JDK's verdict ("PKIX path
 * building failed", "No subject alternative names matching ...") turned into one that says which
 * check failed and what to change: the certificate expired, is not signed by a CA the sidecar
 * trusts, or is for another host. Client certificates are never checked here: this side is always
 * the client.
 */
final class ExplainingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager jdk;
  private final String trustedBy; // "redis.tls.caFile /etc/..." or "the JVM's trusted roots"
  private final HostMismatchAdvice mismatch;

  ExplainingTrustManager(
      X509ExtendedTrustManager jdk, String trustedBy, HostMismatchAdvice mismatch) {
    this.jdk = jdk;
    this.trustedBy = trustedBy;
    this.mismatch = mismatch;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      String peer = engine == null ? "Redis" : engine.getPeerHost() + ":" + engine.getPeerPort();
      throw explain(chain, authType, peer, engine == null ? null : engine.getPeerHost());
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw explain(chain, authType, "Redis", null);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType);
    } catch (CertificateException e) {
      throw explain(chain, authType, "Redis", null);
    }
  }

  /** Which check failed: validity first, then the chain without the hostname, else the name. */
  private TlsRefusal explain(X509Certificate[] chain, String authType, String peer, String host) {
    X509Certificate leaf = chain[0];
    Instant now = Instant.now();
    for (X509Certificate c : chain) {
      String which = c == leaf ? "" : " (its CA " + c.getSubjectX500Principal().getName() + ")";
      if (c.getNotAfter().toInstant().isBefore(now)) {
        return new TlsRefusal(
            "the TLS certificate of "
                + peer
                + which
                + " expired on "
                + c.getNotAfter().toInstant()
                + "; renew it on the Redis server");
      }
      if (c.getNotBefore().toInstant().isAfter(now)) {
        return new TlsRefusal(
            "the TLS certificate of "
                + peer
                + which
                + " is not valid before "
                + c.getNotBefore().toInstant()
                + "; check the clocks of the CA and this node");
      }
    }
    try {
      jdk.checkServerTrusted(chain, authType); // the chain alone, no hostname check
    } catch (CertificateException untrusted) {
      return new TlsRefusal(
          "the TLS certificate of "
              + peer
              + " is not trusted by "
              + trustedBy
              + ": it is issued by "
              + leaf.getIssuerX500Principal().getName()
              + "; set redis.tls.caFile to a PEM file holding that CA");
    }
    return new TlsRefusal(
        "the TLS certificate of "
            + peer
            + " does not match host "
            + (host == null ? "?" : host)
            + ": it is for "
            + String.join(", ", names(leaf))
            + "; "
            + mismatch.forHost(host));
  }

  private static List<String> names(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) for (List<?> san : sans) names.add(String.valueOf(san.get(1)));
    } catch (java.security.cert.CertificateParsingException e) {
      // no readable names: the subject below still says something
    }
    if (names.isEmpty()) names.add(cert.getSubjectX500Principal().getName());
    return names;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    jdk.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    jdk.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    jdk.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return jdk.getAcceptedIssuers();
  }
}
