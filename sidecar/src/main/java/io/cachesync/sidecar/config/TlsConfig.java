package io.cachesync.sidecar.config;

/**
 * TLS towards Redis ({@code redis.tls}): on when {@code enabled} is true or the url is rediss://.
 * {@code caFile} is a PEM bundle of the CAs to trust, null for the JVM's roots; {@code certFile}
 * and {@code keyFile} are the PEM client certificate and PKCS#8 key for mTLS, both or neither. The
 * files are read by {@link TlsFiles}, at start and on every new client, so a renewed certificate is
 * picked up on the next connection.
 */
public record TlsConfig(
    boolean enabled, String caFile, String certFile, String keyFile, boolean verifyHostname) {

  public TlsConfig {
    caFile = blankToNull(caFile);
    certFile = blankToNull(certFile);
    keyFile = blankToNull(keyFile);
    if (certFile != null && keyFile == null) {
      throw new ConfigException(
          "redis.tls.keyFile: redis.tls.certFile is set but its key is not; a client certificate"
              + " needs both (PEM certificate and PKCS#8 key), or neither");
    }
    if (keyFile != null && certFile == null) {
      throw new ConfigException(
          "redis.tls.certFile: redis.tls.keyFile is set but its certificate is not; a client"
              + " certificate needs both (PEM certificate and PKCS#8 key), or neither");
    }
  }

  /** Off unless the url is rediss://, the JVM's roots, no client certificate, hostnames checked. */
  public static TlsConfig defaults() {
    return new TlsConfig(false, null, null, null, true);
  }

  public TlsConfig withCaFile(String caFile) {
    return new TlsConfig(enabled, caFile, certFile, keyFile, verifyHostname);
  }

  public TlsConfig withClientCertificate(String certFile, String keyFile) {
    return new TlsConfig(enabled, caFile, certFile, keyFile, verifyHostname);
  }

  public TlsConfig withVerifyHostname(boolean verifyHostname) {
    return new TlsConfig(enabled, caFile, certFile, keyFile, verifyHostname);
  }

  public boolean clientCertificate() {
    return certFile != null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
