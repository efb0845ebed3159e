package io.cachesync.operator.webhook.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the webhook presents: a certificate chain (the leaf first) and the leaf's private key. Built
 * only from a pair that belongs together, so a half-written rotation can never be served.
 */
public record ServingCertificate(List<X509Certificate> chain, PrivateKey key) {
  public ServingCertificate {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) throw new IllegalArgumentException("no certificate");
    if (!keyMatches(chain.get(0), key)) {
      throw new IllegalArgumentException(
          "the private key does not belong to the certificate "
              + chain.get(0).getSubjectX500Principal().getName());
    }
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** Two thirds into its life: late enough to be rare, early enough to survive an outage. */
  public Instant renewAt() {
    Instant from = leaf().getNotBefore().toInstant();
    Instant to = leaf().getNotAfter().toInstant();
    return from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
  }

  /** The DNS names and IP addresses the leaf is valid for. */
  public List<String> subjectAltNames() {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf().getSubjectAlternativeNames();
      if (sans != null) for (List<?> san : sans) names.add(String.valueOf(san.get(1)));
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subjectAltName: " + e.getMessage(), e);
    }
    return names;
  }

  /** Signs a few bytes with the key and checks them with the certificate. */
  private static boolean keyMatches(X509Certificate cert, PrivateKey key) {
    if (key == null || !cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) return false;
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign without a separate digest
        };
    try {
      byte[] probe = "cachesync".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
