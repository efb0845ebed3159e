package io.cachesync.operator.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The operator's own CA, PEM in and out, and when a certificate must be replaced. */
class CertificatesTest {
  static final List<String> NAMES =
      List.of("cachesync-webhook", "cachesync-webhook.cachesync-system.svc", "127.0.0.1");
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @Test
  @DisplayName("the leaf is signed by its CA, names every SAN, and is renewed at 2/3 of its life")
  void issue() throws Exception {
    var issued = SelfSignedCa.issue(NAMES, NOW, Duration.ofDays(90));
    var leaf = issued.serving().leaf();
    leaf.verify(issued.ca().getPublicKey());
    assertThat(issued.serving().subjectAltNames()).containsExactlyElementsOf(NAMES);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(issued.ca().getBasicConstraints()).isEqualTo(0);
    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    Duration life =
        Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    assertThat(issued.serving().renewAt())
        .isEqualTo(leaf.getNotBefore().toInstant().plus(life.multipliedBy(2).dividedBy(3)));
  }

  @Test
  @DisplayName("replaceReason: fine while fresh; due at 2/3; missing names; a foreign signature")
  void replaceReason() {
    var issued = SelfSignedCa.issue(NAMES, NOW, Duration.ofDays(90));
    TlsBundle bundle = TlsBundle.renewed(issued, null, NOW);
    assertThat(bundle.replaceReason(NAMES, NOW)).isNull();
    assertThat(bundle.replaceReason(NAMES, issued.serving().renewAt().minusSeconds(1))).isNull();
    assertThat(bundle.replaceReason(NAMES, issued.serving().renewAt())).contains("due for renewal");
    assertThat(bundle.replaceReason(List.of("cachesync-webhook", "localhost"), NOW))
        .isEqualTo("the certificate lacks the names [localhost]");
    var other = SelfSignedCa.issue(NAMES, NOW, Duration.ofDays(90));
    assertThat(new TlsBundle(issued.serving(), List.of(other.ca())).replaceReason(NAMES, NOW))
        .isEqualTo("tls.crt is not signed by the first CA in ca.crt");
  }

  @Test
  @DisplayName("a renewal trusts the new CA first and keeps earlier CAs until they expire")
  void renewalKeepsPreviousCa() {
    var first = SelfSignedCa.issue(NAMES, NOW, Duration.ofDays(90));
    TlsBundle one = TlsBundle.renewed(first, null, NOW);
    Instant later = NOW.plus(Duration.ofDays(61));
    var second = SelfSignedCa.issue(NAMES, later, Duration.ofDays(90));
    TlsBundle two = TlsBundle.renewed(second, one, later);
    assertThat(two.cas()).containsExactly(second.ca(), first.ca());
    Instant afterFirstExpired = NOW.plus(Duration.ofDays(91));
    var third = SelfSignedCa.issue(NAMES, afterFirstExpired, Duration.ofDays(90));
    assertThat(TlsBundle.renewed(third, two, afterFirstExpired).cas())
        .containsExactly(third.ca(), second.ca());
  }

  @Test
  @DisplayName("a Secret round trip gives the same certificate, key and CAs")
  void secretRoundTrip() {
    var issued = SelfSignedCa.issue(NAMES, NOW, Duration.ofDays(90));
    TlsBundle bundle = TlsBundle.renewed(issued, null, NOW);
    var secret =
        new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withData(
                new java.util.HashMap<>(
                    java.util.Map.of(
                        "tls.crt", b64(Pem.certificates(bundle.serving().chain())),
                        "tls.key", b64(Pem.privateKey(bundle.serving().key())),
                        "ca.crt", b64(bundle.caPem()))))
            .build();
    TlsBundle back = TlsSecretStore.parse(secret);
    assertThat(back.serving().leaf()).isEqualTo(bundle.serving().leaf());
    assertThat(back.serving().key().getEncoded()).isEqualTo(bundle.serving().key().getEncoded());
    assertThat(back.cas()).isEqualTo(bundle.cas());

    secret.getData().remove("ca.crt");
    assertThatThrownBy(() -> TlsSecretStore.parse(secret)).hasMessage("ca.crt is missing");
    secret.getData().put("ca.crt", b64("garbage"));
    assertThatThrownBy(() -> TlsSecretStore.parse(secret)).hasMessageStartingWith("ca.crt: ");
  }

  @Test
  @DisplayName(
      "keys are read as PKCS#8, PKCS#1 (RSA) and SEC1 (EC), as cert-manager may write them")
  void keyFormats() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PrivateKey rsaKey = rsa.generateKeyPair().getPrivate();
    StringWriter pkcs1 = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pkcs1)) {
      w.writeObject(rsaKey);
    }
    assertThat(pkcs1.toString()).contains("BEGIN RSA PRIVATE KEY");
    assertThat(Pem.parsePrivateKey("tls.key", bytes(pkcs1.toString())).getEncoded())
        .isEqualTo(rsaKey.getEncoded());

    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    ECPrivateKey ecKey = (ECPrivateKey) ec.generateKeyPair().getPrivate();
    // SEC1 with the named curve, as OpenSSL and Go (cert-manager) write it
    byte[] sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
                256, ecKey.getS(), new X962Parameters(SECObjectIdentifiers.secp256r1))
            .getEncoded();
    String sec1Pem =
        "-----BEGIN EC PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(sec1)
            + "\n-----END EC PRIVATE KEY-----\n";
    PrivateKey back = Pem.parsePrivateKey("tls.key", bytes(sec1Pem));
    assertThat(back.getAlgorithm()).isEqualTo("EC");
    assertThat(((ECPrivateKey) back).getS()).isEqualTo(ecKey.getS());

    for (PrivateKey key : List.of(rsaKey, ecKey)) {
      assertThat(Pem.parsePrivateKey("tls.key", bytes(Pem.privateKey(key))).getEncoded())
          .isEqualTo(key.getEncoded());
    }
    assertThatThrownBy(() -> Pem.parsePrivateKey("tls.key", bytes("no key here")))
        .hasMessage("tls.key: expected an unencrypted PEM private key, found nothing");
    assertThatThrownBy(() -> Pem.parseCertificates("tls.crt", bytes("")))
        .hasMessage("tls.crt: no certificate in it");
  }

  @Test
  @DisplayName("a certificate with someone else's key is refused")
  void mismatchedKey() {
    var a = SelfSignedCa.issue(NAMES, NOW, Duration.ofDays(90));
    var b = SelfSignedCa.issue(NAMES, NOW, Duration.ofDays(90));
    assertThatThrownBy(() -> new ServingCertificate(a.serving().chain(), b.serving().key()))
        .hasMessageStartingWith("the private key does not belong to the certificate");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static String b64(String pem) {
    return java.util.Base64.getEncoder().encodeToString(bytes(pem));
  }
}
