package io.cachesync.operator.e2e;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real etcd and kube-apiserver, started once for a test class and stopped after it, with a
 * fabric8 client on it. Register as {@code @RegisterExtension static KubeApiServerExtension kube =
 * new KubeApiServerExtension();}.
 *
 * <p>The class is skipped, saying why, when there are no binaries (see {@link KubeBinaries}) and
 * they cannot be downloaded, so a machine without them still builds; with internet it runs against
 * the latest Kubernetes kube-api-test knows.
 */
public final class KubeApiServerExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Logger LOG = LoggerFactory.getLogger(KubeApiServerExtension.class);
  private static final int STARTUP_TIMEOUT_MILLIS = 60_000;

  private KubeAPIServer server;
  private KubernetesClient client;
  private KubeBinaries binaries;

  @Override
  public void beforeAll(ExtensionContext context) {
    binaries = KubeBinaries.find();
    KubeAPIServerConfigBuilder config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withTestDir(binaries.dir().toString())
            .withOfflineMode(binaries.offline())
            .withUpdateKubeConfig(false) // never touch the user's ~/.kube/config
            .withWaitForEtcdHealthCheckOnStartup(true)
            .withStartupTimeout(STARTUP_TIMEOUT_MILLIS);
    String version = binaries.offline() ? binaries.version() : binaries.wanted();
    if (version != null) config.withApiServerVersion(version);
    KubeAPIServer s = new KubeAPIServer(config.build());
    try {
      s.start();
    } catch (RuntimeException e) {
      try {
        s.stop(); // whatever did start (etcd) must not outlive the class
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure); // 7.5.2 stops the processes, then trips on no etcd data dir
      }
      // Only a missing download is a reason to skip; installed binaries that fail are a failure.
      if (binaries.offline()) throw e;
      String why =
          "no kube-apiserver binaries in "
              + binaries.dir()
              + "/k8s/<version>-"
              + KubeBinaries.platform()
              + " and the download failed ("
              + e
              + "); run ../shared/kube/install or name the directory with -D"
              + KubeBinaries.DIR_PROPERTY
              + " or $"
              + KubeBinaries.DIR_ENV;
      // Surefire's reports drop a class-level skip's message, so it is logged too.
      LOG.warn("skipping {}: {}", context.getDisplayName(), why);
      Assumptions.abort(why);
    }
    server = s;
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) client.close();
    if (server != null) server.stop();
    client = null;
    server = null;
  }

  /** A cluster-admin client on the server (kube-api-test's client certificate). */
  public KubernetesClient client() {
    return client;
  }

  /** The Kubernetes version that runs, e.g. 1.20.2 (null until started from a download). */
  public String version() {
    return binaries.offline() ? binaries.version() : client.getKubernetesVersion().getGitVersion();
  }
}
