package io.cachesync.operator.webhook.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues a serving certificate under a CA made for it alone. The CA's key signs once and is then
 * dropped, never stored: a leaked Secret gives away one serving key, not the power to mint
 * certificates the webhook's callers would trust. Each renewal therefore brings a new CA, and the
 * caBundle keeps the previous one until it expires so that replicas still serving the old
 * certificate stay trusted.
 */
public final class SelfSignedCa {
  /** Certificates start an hour early, for API servers whose clock runs behind the operator's. */
  static final Duration BACKDATE = Duration.ofHours(1);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The issued pair: the CA to trust, and what the webhook serves. */
  public record Issued(X509Certificate ca, ServingCertificate serving) {}

  private SelfSignedCa() {}

  /** {@code names}: DNS names, or IP addresses, the first of them also the subject's CN. */
  public static Issued issue(List<String> names, Instant now, Duration validity) {
    try {
      Date from = Date.from(now.minus(BACKDATE));
      Date to = Date.from(now.plus(validity));
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

      KeyPair caKeys = keyPair();
      X500Name caName = new X500Name("CN=cachesync-webhook-ca-" + serial().toString(16));
      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName, caKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate caCert = sign(ca, caKeys);

      KeyPair leafKeys = keyPair();
      X509v3CertificateBuilder leaf =
          new JcaX509v3CertificateBuilder(
                  caName,
                  serial(),
                  from,
                  to,
                  new X500Name("CN=" + names.get(0)),
                  leafKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(Extension.subjectAlternativeName, false, altNames(names))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(leafKeys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(caCert));
      X509Certificate leafCert = sign(leaf, caKeys);
      return new Issued(caCert, new ServingCertificate(List.of(leafCert), leafKeys.getPrivate()));
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue the webhook certificate", e);
    }
  }

  /** P-256: every TLS client supports it, and a key is made in a millisecond. */
  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer =
        new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  private static GeneralNames altNames(List<String> names) {
    GeneralName[] out = new GeneralName[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      out[i] = new GeneralName(isIpAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n);
    }
    return new GeneralNames(out);
  }

  static boolean isIpAddress(String name) {
    return name.matches("^[0-9.]+$") || name.contains(":");
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }
}
