package io.cachesync.testsupport.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority for TLS tests: a CA, server certificates with the names and
 * validity a test chooses (so a wrong-hostname or an expired server is one call away), and client
 * certificates for mTLS. Everything is written as PEM (keys as unencrypted PKCS#8) into one
 * directory. EC P-256 keys: quick to make, and both OpenSSL and the JDK take them.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path caFile;

  private TestCertificates(Path dir, String name, KeyPair keys, X509Certificate certificate) {
    this.dir = dir;
    this.keys = keys;
    this.certificate = certificate;
    this.caFile = dir.resolve(name + "-ca.crt");
    writePem(caFile, "CERTIFICATE", encoded(certificate));
  }

  /** A fresh CA called {@code name} (its files are prefixed with it) writing into {@code dir}. */
  public static TestCertificates authority(Path dir, String name) {
    KeyPair keys = newKeys();
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + name);
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(30))),
              subject,
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new TestCertificates(dir, name, keys, sign(b, keys));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA's certificate as a PEM file: what {@code redis.tls.caFile} names. */
  public Path caFile() {
    return caFile;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * A server certificate valid now for a day, for {@code names}: IP addresses become IP SANs, the
   * rest DNS SANs.
   */
  public PemPair server(String file, String... names) {
    Instant now = Instant.now();
    return server(file, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), names);
  }

  /** A server certificate valid from {@code notBefore} to {@code notAfter}, e.g. one expired. */
  public PemPair server(String file, Instant notBefore, Instant notAfter, String... names) {
    return issue(
        file,
        names.length == 0 ? file : names[0],
        notBefore,
        notAfter,
        names,
        KeyPurposeId.id_kp_serverAuth);
  }

  /**
   * A certificate for a node that is server and client at once, for {@code names}: the nodes of a
   * Redis Cluster authenticate each other on the TLS cluster bus whatever {@code tls-auth-clients}
   * says, and a certificate for servers only is refused there.
   */
  public PemPair node(String file, String... names) {
    Instant now = Instant.now();
    return issue(
        file,
        names.length == 0 ? file : names[0],
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)),
        names,
        KeyPurposeId.id_kp_serverAuth,
        KeyPurposeId.id_kp_clientAuth);
  }

  /** A client certificate for mTLS, valid now for a day. */
  public PemPair client(String file) {
    Instant now = Instant.now();
    return issue(
        file,
        file,
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)),
        new String[0],
        KeyPurposeId.id_kp_clientAuth);
  }

  private PemPair issue(
      String file,
      String cn,
      Instant notBefore,
      Instant notAfter,
      String[] names,
      KeyPurposeId... purposes) {
    KeyPair leaf = newKeys();
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name("CN=" + cn),
              leaf.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      if (names.length > 0) {
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
          sans.add(new GeneralName(isIp(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.toArray(GeneralName[]::new)));
      }
      X509Certificate cert = sign(b, keys);
      Path certFile = dir.resolve(file + ".crt");
      Path keyFile = dir.resolve(file + ".key");
      writePem(certFile, "CERTIFICATE", encoded(cert));
      writePem(keyFile, "PRIVATE KEY", leaf.getPrivate().getEncoded());
      return new PemPair(certFile, keyFile, cert, leaf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isIp(String name) {
    return name.matches("[0-9.]+") || name.contains(":");
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static byte[] encoded(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writePem(Path file, String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
