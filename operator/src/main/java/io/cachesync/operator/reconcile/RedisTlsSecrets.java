package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.TlsSpec;
import io.cachesync.operator.policy.NamedSecret;
import io.cachesync.operator.redis.RedisTrust;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;

/**
 * The TLS trust of a CacheSync's Redis, read from the Secrets spec.redis.tls names (the ones its
 * sidecars get mounted), so the operator's own check trusts the same private CA and shows the same
 * client certificate; {@code problem} says in a sentence why they could not be read.
 */
record RedisTlsSecrets(RedisTrust trust, String problem) {
  static final String CA_KEY = "ca.crt";
  static final String CERT_KEY = "tls.crt";
  static final String KEY_KEY = "tls.key";

  static RedisTlsSecrets of(CacheSync cs, KubernetesClient client) {
    return of(cs, SecretLookup.of(client, cs.getMetadata().getNamespace()));
  }

  /**
   * Only Secrets the platform marked for CacheSyncs: otherwise any Secret could be read by name.
   */
  static RedisTlsSecrets of(CacheSync cs, SecretLookup secrets) {
    TlsSpec tls = cs.getSpec().getRedis().getTls();
    if (tls == null) return new RedisTlsSecrets(RedisTrust.DEFAULT, null);
    byte[] ca = null;
    if (tls.getCaSecretName() != null) {
      Secret secret = secrets.labelled(tls.getCaSecretName());
      if (secret == null && !secrets.exists(tls.getCaSecretName()))
        return problem("the TLS CA Secret " + tls.getCaSecretName() + " does not exist");
      if (secret == null) return unmarked("TLS CA", tls.getCaSecretName());
      ca = decode(secret, CA_KEY);
      if (ca == null) return missingKey("TLS CA", tls.getCaSecretName(), CA_KEY);
      if (!holdsCertificates(ca)) {
        return problem(
            "the TLS CA Secret "
                + tls.getCaSecretName()
                + " key "
                + CA_KEY
                + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
    }
    byte[] cert = null;
    byte[] key = null;
    if (tls.getClientCertSecretName() != null) {
      String name = tls.getClientCertSecretName();
      Secret secret = secrets.labelled(name);
      if (secret == null && !secrets.exists(name))
        return problem("the TLS client certificate Secret " + name + " does not exist");
      if (secret == null) return unmarked("TLS client certificate", name);
      cert = decode(secret, CERT_KEY);
      if (cert == null) return missingKey("TLS client certificate", name, CERT_KEY);
      key = decode(secret, KEY_KEY);
      if (key == null) return missingKey("TLS client certificate", name, KEY_KEY);
    }
    return new RedisTlsSecrets(new RedisTrust(ca, cert, key, tls.verifiesHostname()), null);
  }

  private static boolean holdsCertificates(byte[] pem) {
    try {
      return !CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem))
          .isEmpty();
    } catch (CertificateException e) {
      return false;
    }
  }

  private static RedisTlsSecrets missingKey(String what, String secret, String key) {
    return problem("the " + what + " Secret " + secret + " has no key '" + key + "'");
  }

  private static RedisTlsSecrets unmarked(String what, String secret) {
    return problem(
        "the "
            + what
            + " Secret "
            + secret
            + " is not labelled "
            + NamedSecret.LABEL
            + "="
            + NamedSecret.LABEL_VALUE
            + "; its data is not used");
  }

  private static RedisTlsSecrets problem(String why) {
    return new RedisTlsSecrets(null, why);
  }

  private static byte[] decode(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Base64.getDecoder().decode(secret.getData().get(key));
    }
    String text = secret.getStringData() == null ? null : secret.getStringData().get(key);
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }
}
