package io.cachesync.operator.webhook.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The webhook's TLS Secret ({@code kubernetes.io/tls}: tls.crt, tls.key, ca.crt). Writes are
 * conditional (create fails when it exists, replace when it changed), so replicas that race see a
 * 409 and read what the winner wrote instead of overwriting it.
 */
public class TlsSecretStore {
  static final String CRT = "tls.crt";
  static final String KEY = "tls.key";
  static final String CA = "ca.crt";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  public TlsSecretStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  String describe() {
    return "Secret " + namespace + "/" + name;
  }

  Secret read() {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /**
   * @throws io.fabric8.kubernetes.client.KubernetesClientException 409 when it exists
   */
  void create(TlsBundle bundle) {
    client.secrets().inNamespace(namespace).resource(secret(bundle, null)).create();
  }

  /**
   * @throws io.fabric8.kubernetes.client.KubernetesClientException 409 when {@code current} is
   *     stale
   */
  void replace(TlsBundle bundle, Secret current) {
    Secret next = secret(bundle, current);
    client.secrets().inNamespace(namespace).resource(next).update();
  }

  /** The bundle in {@code secret}; an error naming the key when it holds none or a broken one. */
  static TlsBundle parse(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    for (String key : new String[] {CRT, KEY, CA}) {
      if (data.get(key) == null || data.get(key).isEmpty()) {
        throw new IllegalArgumentException(key + " is missing");
      }
    }
    return new TlsBundle(
        new ServingCertificate(
            Pem.parseCertificates(CRT, decode(data.get(CRT))),
            Pem.parsePrivateKey(KEY, decode(data.get(KEY)))),
        Pem.parseCertificates(CA, decode(data.get(CA))));
  }

  private Secret secret(TlsBundle bundle, Secret current) {
    SecretBuilder b =
        current == null
            ? new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .addToLabels("app.kubernetes.io/managed-by", "cachesync-operator")
                .endMetadata()
            : new SecretBuilder(current);
    // the type is immutable: a Secret the chart made keeps its own
    return b.withType(current == null ? "kubernetes.io/tls" : current.getType())
        .withData(
            Map.of(
                CRT, encode(Pem.certificates(bundle.serving().chain())),
                KEY, encode(Pem.privateKey(bundle.serving().key())),
                CA, encode(bundle.caPem())))
        .withStringData(null)
        .build();
  }

  private static byte[] decode(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  private static String encode(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
