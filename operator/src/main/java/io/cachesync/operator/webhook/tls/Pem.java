package io.cachesync.operator.webhook.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * PEM in and out. Keys are written as PKCS#8; read as PKCS#8, PKCS#1 (RSA) or SEC1 (EC), which is
 * what cert-manager writes depending on its settings.
 */
public final class Pem {
  private static final Base64.Encoder LINES =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  /** The key types TLS can serve with, by the OID of their PKCS#8 algorithm. */
  private static final Map<String, String> KEY_ALGORITHMS =
      Map.of(
          "1.2.840.10045.2.1", "EC",
          "1.2.840.113549.1.1.1", "RSA",
          "1.3.101.112", "Ed25519",
          "1.3.101.113", "Ed448");

  private Pem() {}

  public static String certificates(List<X509Certificate> certs) {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : certs) {
      try {
        b.append(block("CERTIFICATE", c.getEncoded()));
      } catch (CertificateException e) {
        throw new IllegalStateException(
            "cannot encode certificate " + c.getSubjectX500Principal(), e);
      }
    }
    return b.toString();
  }

  public static String privateKey(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** Every certificate in {@code pem}, in order; an error when there is none. */
  public static List<X509Certificate> parseCertificates(String what, byte[] pem) {
    try {
      List<X509Certificate> certs = new ArrayList<>();
      for (var c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        certs.add((X509Certificate) c);
      }
      if (certs.isEmpty()) throw new IllegalArgumentException(what + ": no certificate in it");
      return certs;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(what + ": not PEM certificates: " + e.getMessage(), e);
    }
  }

  public static PrivateKey parsePrivateKey(String what, byte[] pem) {
    PrivateKeyInfo info;
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      Object o = parser.readObject();
      if (o instanceof PEMKeyPair pair) info = pair.getPrivateKeyInfo();
      else if (o instanceof PrivateKeyInfo i) info = i;
      else {
        throw new IllegalArgumentException(
            what
                + ": expected an unencrypted PEM private key, found "
                + (o == null ? "nothing" : o.getClass().getSimpleName()));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": not a PEM private key: " + e.getMessage(), e);
    }
    String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
    String algorithm = KEY_ALGORITHMS.get(oid);
    if (algorithm == null) {
      throw new IllegalArgumentException(what + ": unsupported key algorithm " + oid);
    }
    try {
      // the JDK's own key object, so TLS signs with the JDK's providers
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(what + ": unreadable " + algorithm + " key", e);
    }
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + LINES.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
