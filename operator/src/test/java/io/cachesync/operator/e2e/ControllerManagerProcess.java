package io.cachesync.operator.e2e;

import static org.awaitility.Awaitility.await;

import io.cachesync.testsupport.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code kube-controller-manager} on a kube-api-test server: the controllers a test cluster needs
 * to turn a Deployment into ReplicaSets and pods, collect garbage by owner reference and empty
 * deleted namespaces. No leader election (one instance), no cloud provider, no service-account
 * tokens (kube-api-test disables the ServiceAccount admission plugin, so pods need none).
 */
final class ControllerManagerProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerManagerProcess.class);

  /** What the suite relies on; each one a controller of 1.20's kube-controller-manager. */
  static final List<String> CONTROLLERS =
      List.of("deployment", "replicaset", "garbagecollector", "namespace");

  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final Path workDir;

  private ControllerManagerProcess(Process process, Path workDir) {
    this.process = process;
    this.workDir = workDir;
  }

  /** Starts it with kube-api-test's admin kubeconfig and waits until {@code /healthz} answers. */
  static ControllerManagerProcess start(Path binary, String kubeConfigYaml) {
    try {
      Path workDir = Files.createTempDirectory("kube-controller-manager");
      Path kubeconfig = Files.writeString(workDir.resolve("kubeconfig.yaml"), kubeConfigYaml);
      int port = FreePort.pick();
      Path log = workDir.resolve("kube-controller-manager.log");
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--kubeconfig=" + kubeconfig,
                  "--leader-elect=false",
                  "--controllers=" + String.join(",", CONTROLLERS),
                  // 1.20 still opens an insecure port (10252) by default: none, so runs never clash
                  "--port=0",
                  "--bind-address=127.0.0.1",
                  "--secure-port=" + port,
                  // a self-signed serving certificate here, not in ./apiserver.local.config
                  "--cert-dir=" + workDir.resolve("certs"),
                  "--v=1")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      ControllerManagerProcess started = new ControllerManagerProcess(process, workDir);
      LOG.info("kube-controller-manager on port {}, log in {}", port, log);
      try {
        started.awaitHealthy(port, log);
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + binary, e);
    }
  }

  private void awaitHealthy(int port, Path log) {
    HttpClient http = HttpClient.newBuilder().sslContext(trustingItsSelfSignedCert()).build();
    HttpRequest healthz =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    await("kube-controller-manager /healthz (log: " + log + ")")
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsMatching(e -> e instanceof IOException)
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "kube-controller-manager exited with "
                        + process.exitValue()
                        + ":\n"
                        + Files.readString(log));
              }
              return http.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
  }

  /** Its certificate is made at start by the process itself; only its health is asked for. */
  private static SSLContext trustingItsSelfSignedCert() {
    X509TrustManager any =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {any}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LOG.info("kube-controller-manager stopped; its files stay in {}", workDir);
  }
}
