package io.cachesync.operator.redis;

import java.util.Locale;

/**
 * What to change in spec.redis.tls when the operator's TLS handshake fails: the JDK's words
 * ("unable to find valid certification path") name no field, the condition should.
 */
final class TlsHints {
  private TlsHints() {}

  /** A sentence naming the field to look at, or "" when the failure is not about TLS. */
  static String of(Throwable e) {
    return of(e, false);
  }

  /**
   * As {@link #of(Throwable)} for a data node of a Sentinel or Cluster setup, reached at the
   * address the sentinels or {@code CLUSTER NODES} announce rather than a host of spec.redis.url:
   * no url can change that address, so its certificate must name it.
   */
  static String ofAnnounced(Throwable e) {
    return of(e, true);
  }

  private static String of(Throwable e, boolean announced) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" | ");
    }
    String s = all.toString().toLowerCase(Locale.ROOT);
    if (s.contains("certificateexpiredexception") || s.contains("notafter")) {
      return "; the Redis server's TLS certificate expired: renew it";
    }
    boolean wrongName = s.contains("no subject alternative") || s.contains("no name matching");
    if (wrongName && announced) {
      return "; the node's TLS certificate does not name the address the sentinels or CLUSTER"
          + " NODES announce for it, which is where the sidecars connect whatever spec.redis.url"
          + " says: every data node's certificate must name its announced address"
          + " (spec.redis.tls.verifyHostname: false skips the check, unsafely)";
    }
    if (wrongName) {
      return "; the Redis server's TLS certificate does not name the host of spec.redis.url: use"
          + " a name it holds (spec.redis.tls.verifyHostname: false skips the check, unsafely)";
    }
    if (s.contains("certification path") || s.contains("pkix")) {
      return "; the Redis server's TLS certificate is not signed by a CA in"
          + " spec.redis.tls.caSecretName (or, without one, the JVM's trusted roots)";
    }
    if (s.contains("certificate_required")
        || s.contains("bad_certificate")
        || s.contains("unknown_ca")
        || s.contains("handshake_failure")) {
      return "; Redis refused the client certificate: it demands one signed by its"
          + " tls-ca-cert-file, from spec.redis.tls.clientCertSecretName";
    }
    if (s.contains("not an ssl/tls record")) {
      return "; this port does not speak TLS: use redis:// or the server's tls-port";
    }
    return "";
  }
}
