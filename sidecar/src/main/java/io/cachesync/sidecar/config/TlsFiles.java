package io.cachesync.sidecar.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM files {@code redis.tls} names, parsed: the CAs to trust and the client certificate with
 * its key. Every problem is a {@link ConfigException} naming the key and the path, so a sidecar
 * with a bad mount stops at start saying which file, instead of failing every handshake.
 *
 * @param trusted the CAs of {@code caFile}; null to trust the JVM's roots
 * @param clientChain the client certificate first, then any intermediates; null without mTLS
 * @param clientKey the key of {@code clientChain[0]}; null without mTLS
 */
public record TlsFiles(
    List<X509Certificate> trusted, X509Certificate[] clientChain, PrivateKey clientKey) {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8";

  /** Reads and checks every file {@code tls} names. */
  public static TlsFiles read(TlsConfig tls) {
    List<X509Certificate> trusted =
        tls.caFile() == null ? null : certificates("redis.tls.caFile", tls.caFile());
    if (!tls.clientCertificate()) return new TlsFiles(trusted, null, null);
    List<X509Certificate> chain = certificates("redis.tls.certFile", tls.certFile());
    PrivateKey key = privateKey(tls.keyFile());
    String certAlgorithm = chain.get(0).getPublicKey().getAlgorithm();
    if (List.of("RSA", "EC").contains(key.getAlgorithm())
        && !certAlgorithm.equals(key.getAlgorithm())) {
      throw new ConfigException(
          "redis.tls.keyFile: "
              + tls.keyFile()
              + " holds a "
              + key.getAlgorithm()
              + " key but the certificate in "
              + tls.certFile()
              + " is for a "
              + certAlgorithm
              + " key; they must be a pair");
    }
    return new TlsFiles(trusted, chain.toArray(X509Certificate[]::new), key);
  }

  static List<X509Certificate> certificates(String field, String file) {
    byte[] bytes = bytes(field, file, "PEM certificates");
    List<X509Certificate> certs = new ArrayList<>();
    try {
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        certs.add((X509Certificate) c);
      }
    } catch (CertificateException e) {
      throw new ConfigException(
          field
              + ": "
              + file
              + " is not a PEM certificate bundle ("
              + e.getMessage()
              + "); it must hold -----BEGIN CERTIFICATE----- blocks",
          e);
    }
    if (certs.isEmpty()) {
      throw new ConfigException(
          field + ": " + file + " holds no certificate; it must hold -----BEGIN CERTIFICATE-----");
    }
    return certs;
  }

  static PrivateKey privateKey(String file) {
    String field = "redis.tls.keyFile";
    String pem = new String(bytes(field, file, "a PKCS#8 private key"), StandardCharsets.US_ASCII);
    Matcher m = PKCS8.matcher(pem);
    if (!m.find()) {
      String kind =
          pem.contains("ENCRYPTED PRIVATE KEY")
              ? "an encrypted key"
              : pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY")
                  ? "a PKCS#1/SEC1 key"
                  : "no -----BEGIN PRIVATE KEY----- block";
      throw new ConfigException(
          field
              + ": "
              + file
              + " holds "
              + kind
              + "; the sidecar reads an unencrypted PKCS#8 PEM key (convert it: "
              + CONVERT
              + ")");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(1));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(field + ": " + file + " is not valid PEM (bad base64)", e);
    }
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // not this algorithm: try the next
      }
    }
    throw new ConfigException(
        field + ": " + file + " is not an RSA, EC or EdDSA PKCS#8 private key the JDK can read");
  }

  private static byte[] bytes(String field, String file, String what) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          field + ": " + file + " does not exist; mount the file holding " + what + " there");
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          field
              + ": "
              + file
              + " cannot be read (permission denied); the sidecar needs read access");
    } catch (IOException | InvalidPathException e) {
      throw new ConfigException(field + ": " + file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
