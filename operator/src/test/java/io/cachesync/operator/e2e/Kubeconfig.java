package io.cachesync.operator.e2e;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig file for a process outside the test JVM (the operator jar), carrying the test
 * client's server, CA and client certificate: kube-api-test keeps its own kubeconfig in memory.
 */
final class Kubeconfig {
  private Kubeconfig() {}

  static Path write(Config config, Path file) {
    String yaml =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: e2e",
            "  cluster:",
            "    server: " + config.getMasterUrl(),
            "    certificate-authority-data: "
                + data(config.getCaCertData(), config.getCaCertFile()),
            "users:",
            "- name: e2e",
            "  user:",
            "    client-certificate-data: "
                + data(config.getClientCertData(), config.getClientCertFile()),
            "    client-key-data: " + data(config.getClientKeyData(), config.getClientKeyFile()),
            "contexts:",
            "- name: e2e",
            "  context: {cluster: e2e, user: e2e}",
            "current-context: e2e",
            "");
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Base64 PEM, as kubeconfig wants it, whether the client holds the data or a file's path. */
  private static String data(String base64, String file) {
    if (base64 != null && !base64.isBlank()) return base64.strip();
    if (file == null) throw new IllegalStateException("the test client has no certificate to copy");
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
