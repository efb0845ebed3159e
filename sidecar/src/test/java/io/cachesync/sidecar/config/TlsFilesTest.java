package io.cachesync.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.testsupport.tls.PemPair;
import io.cachesync.testsupport.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file redis.tls names is checked at start, and a bad one is named with its key. */
class TlsFilesTest {
  @TempDir Path dir;

  private TlsConfig tls(Path ca, Path cert, Path key) {
    return new TlsConfig(
        true,
        ca == null ? null : ca.toString(),
        cert == null ? null : cert.toString(),
        key == null ? null : key.toString(),
        true);
  }

  @Test
  @DisplayName("a CA bundle, a client certificate and its PKCS#8 key are read")
  void reads() {
    TestCertificates ca = TestCertificates.authority(dir, "ca");
    PemPair client = ca.client("client");
    TlsFiles files = TlsFiles.read(tls(ca.caFile(), client.certFile(), client.keyFile()));
    assertThat(files.trusted()).containsExactly(ca.certificate());
    assertThat(files.clientChain()).containsExactly(client.certificate());
    assertThat(files.clientKey().getEncoded()).isEqualTo(client.keys().getPrivate().getEncoded());
    assertThat(TlsFiles.read(TlsConfig.defaults()).trusted()).as("JVM roots").isNull();
  }

  @Test
  @DisplayName("a missing caFile stops the start naming redis.tls.caFile and the path")
  void missingCa() {
    Path missing = dir.resolve("nope.crt");
    assertThatThrownBy(() -> TlsFiles.read(tls(missing, null, null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("redis.tls.caFile: " + missing + " does not exist");
  }

  @Test
  @DisplayName("a caFile that is not PEM, or holds no certificate, is refused naming the key")
  void garbageCa() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.crt"), "hello\n");
    assertThatThrownBy(() -> TlsFiles.read(tls(junk, null, null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("redis.tls.caFile: " + junk);
    Path empty = Files.writeString(dir.resolve("empty.crt"), "");
    assertThatThrownBy(() -> TlsFiles.read(tls(empty, null, null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("redis.tls.caFile: " + empty);
  }

  @Test
  @DisplayName("a PKCS#1 or encrypted key is refused, saying how to convert it")
  void wrongKeyFormat() throws Exception {
    TestCertificates ca = TestCertificates.authority(dir, "ca");
    PemPair client = ca.client("client");
    Path pkcs1 =
        Files.writeString(
            dir.resolve("rsa.key"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsFiles.read(tls(null, client.certFile(), pkcs1)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("redis.tls.keyFile: " + pkcs1 + " holds a PKCS#1/SEC1 key")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    Path broken =
        Files.writeString(
            dir.resolve("broken.key"),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsFiles.read(tls(null, client.certFile(), broken)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("redis.tls.keyFile: " + broken);
  }

  @Test
  @DisplayName("a certificate given as the key, or a key as the certificate, is refused")
  void swapped() {
    TestCertificates ca = TestCertificates.authority(dir, "ca");
    PemPair client = ca.client("client");
    assertThatThrownBy(() -> TlsFiles.read(tls(null, client.keyFile(), client.certFile())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("redis.tls.certFile: " + client.keyFile());
  }
}
