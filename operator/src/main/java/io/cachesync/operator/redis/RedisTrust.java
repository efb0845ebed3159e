package io.cachesync.operator.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import java.io.ByteArrayInputStream;

/**
 * The TLS the operator's own connection to a CacheSync's Redis uses: the same CA, client
 * certificate and hostname check as the CacheSync's sidecars, read from the same Secrets.
 *
 * @param caPem the PEM CA bundle of tls.caSecretName; null for the JVM's roots
 * @param clientCertPem the PEM client certificate of tls.clientCertSecretName; null without mTLS
 * @param clientKeyPem its PKCS#8 PEM key; null without mTLS
 */
public record RedisTrust(
    byte[] caPem, byte[] clientCertPem, byte[] clientKeyPem, boolean verifyHostname) {
  /** The JVM's roots, no client certificate, hostnames checked: TLS as rediss:// alone gives. */
  public static final RedisTrust DEFAULT = new RedisTrust(null, null, null, true);

  /** The hostname check on a TLS uri (plain uris are left alone). */
  void apply(RedisURI uri) {
    if (uri.isSsl()) uri.setVerifyPeer(verifyHostname ? SslVerifyMode.FULL : SslVerifyMode.CA);
  }

  /** Whether a connection needs options of its own (else the shared client's will do). */
  boolean custom() {
    return caPem != null || clientCertPem != null;
  }

  SslOptions sslOptions() {
    return SslOptions.builder()
        .jdkSslProvider()
        .sslContext(
            b -> {
              if (caPem != null) b.trustManager(new ByteArrayInputStream(caPem));
              if (clientCertPem != null) {
                b.keyManager(
                    new ByteArrayInputStream(clientCertPem),
                    new ByteArrayInputStream(clientKeyPem));
              }
            })
        .build();
  }
}
