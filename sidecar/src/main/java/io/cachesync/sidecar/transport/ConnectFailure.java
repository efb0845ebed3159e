package io.cachesync.sidecar.transport;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisMode;
import java.util.Locale;

/**
 * Why a connection attempt failed, in a sentence a person can act on. TLS failures arrive wrapped
 * three deep (Lettuce, Netty, the JDK) with the JDK's wording; this finds the sidecar's own
 * certificate verdict, or the server's alert, and says which check failed.
 */
final class ConnectFailure {
  /** Lettuce's words when no sentinel answered the master's address (lower case). */
  private static final String UNKNOWN_MASTER = "cannot provide redisaddress using sentinel";

  private ConnectFailure() {}

  static String describe(Throwable e, RedisConfig config) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TlsRefusal) return t.getMessage();
    }
    String all = messages(e).toLowerCase(Locale.ROOT);
    if (config.mode() == RedisMode.Sentinel && all.contains(UNKNOWN_MASTER)) {
      String name = config.url().substring(config.url().indexOf('#') + 1);
      return "no sentinel of redis.url "
          + config.url()
          + " knows a master named '"
          + name
          + "': end the url with the name they monitor (their 'sentinel monitor <name> ...';"
          + " SENTINEL MASTERS lists it)";
    }
    if (config.tlsEnabled()) {
      if (all.contains("not an ssl/tls record")) {
        return "Redis at "
            + config.url()
            + " does not speak TLS on that port: use the server's tls-port, or redis:// without"
            + " redis.tls.enabled if it has none";
      }
      if (all.contains("timed out") && !all.contains("ssl")) {
        // a plain Redis port reads a ClientHello as an unfinished command and never answers
        return "Redis at "
            + config.url()
            + " did not finish the TLS handshake ("
            + RedisConnector.rootMessage(e)
            + "): is that the server's tls-port? A plain port never answers a TLS client";
      }
      boolean refusedUs =
          all.contains("certificate_required")
              || all.contains("bad_certificate")
              || all.contains("unknown_ca")
              || all.contains("certificate_unknown")
              || all.contains("certificate_expired")
              || all.contains("handshake_failure");
      if (refusedUs && !config.tls().clientCertificate()) {
        return "Redis at "
            + config.url()
            + " requires a client certificate (tls-auth-clients) and none is configured: set"
            + " redis.tls.certFile and redis.tls.keyFile";
      }
      if (refusedUs) {
        return "Redis at "
            + config.url()
            + " refused the client certificate of redis.tls.certFile "
            + config.tls().certFile()
            + " ("
            + RedisConnector.rootMessage(e)
            + "): it must be valid and signed by a CA in the server's tls-ca-cert-file";
      }
    }
    return "Redis at " + config.url() + " is unreachable: " + RedisConnector.rootMessage(e);
  }

  private static String messages(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" | ");
    }
    return b.toString();
  }
}
