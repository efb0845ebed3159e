package io.cachesync.sidecar.transport;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.TlsConfig;
import io.cachesync.sidecar.config.TlsFiles;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for every Lettuce client of the sidecar, from {@code redis.tls}: the CAs of {@code caFile}
 * (or the JVM's roots) behind a trust manager that explains refusals, the client certificate for
 * mTLS, and the hostname check unless {@code verifyHostname} is false. The files are read for each
 * connection, so a renewed certificate is used by the next one.
 */
final class RedisTls {
  private RedisTls() {}

  /**
   * TLS on the uri, with hostname verification as configured. Lettuce copies both to the sentinels
   * of a rediss-sentinel url and to every cluster node it discovers from the seed, so the master
   * the sentinels name and the nodes of the slot map are checked like the url's host.
   */
  static void apply(RedisURI uri, RedisConfig config) {
    uri.setSsl(true);
    uri.setVerifyPeer(config.tls().verifyHostname() ? SslVerifyMode.FULL : SslVerifyMode.CA);
  }

  /**
   * Options that read the files again for every connection Lettuce makes, reconnects included, so a
   * rotated CA or client certificate is used without a restart.
   *
   * @throws io.cachesync.sidecar.config.ConfigException when a file of {@code tls} is unusable now
   */
  static SslOptions options(RedisConfig config) {
    TlsConfig tls = config.tls();
    TlsFiles.read(tls); // on the caller's thread: a bad file fails the attempt, saying which
    HostMismatchAdvice mismatch = HostMismatchAdvice.of(config);
    return SslOptions.builder()
        .jdkSslProvider()
        .sslContext(b -> configure(b, tls, mismatch))
        .build();
  }

  private static void configure(SslContextBuilder b, TlsConfig tls, HostMismatchAdvice mismatch) {
    TlsFiles files = TlsFiles.read(tls);
    b.trustManager(trustManager(tls, files, mismatch));
    if (files.clientChain() != null) b.keyManager(keyManagers(files));
  }

  private static TrustManager trustManager(
      TlsConfig tls, TlsFiles files, HostMismatchAdvice mismatch) {
    try {
      KeyStore store = null;
      if (files.trusted() != null) {
        store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate ca : files.trusted()) store.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store); // null: the JVM's roots
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x509) {
          return new ExplainingTrustManager(
              x509,
              tls.caFile() == null
                  ? "the JVM's trusted roots (redis.tls.caFile is not set)"
                  : "redis.tls.caFile " + tls.caFile(),
              mismatch);
        }
      }
      throw new IllegalStateException("the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  private static KeyManagerFactory keyManagers(TlsFiles files) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("client", files.clientKey(), none, files.clientChain());
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, none);
      return kmf;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up the TLS client certificate: " + e, e);
    }
  }
}
