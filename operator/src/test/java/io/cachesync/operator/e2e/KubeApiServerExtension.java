package io.cachesync.operator.e2e;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real etcd and kube-apiserver, started once for a test class and stopped after it, with a
 * fabric8 client on it. Register as {@code @RegisterExtension static KubeApiServerExtension kube =
 * new KubeApiServerExtension();}, or {@code new KubeApiServerExtension().withControllerManager()}
 * for a {@code kube-controller-manager} on the same server (Deployments roll out into ReplicaSets
 * and pods, owner references are garbage collected).
 *
 * <p>The class is skipped, saying why, when there are no binaries (see {@link KubeBinaries}) and
 * they cannot be downloaded, so a machine without them still builds; with internet it runs against
 * the latest Kubernetes kube-api-test knows.
 */
public final class KubeApiServerExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Logger LOG = LoggerFactory.getLogger(KubeApiServerExtension.class);
  private static final int STARTUP_TIMEOUT_MILLIS = 60_000;

  /**
   * The Service CIDR. kube-api-test 7.5.2 passes {@code --service-cluster-ip-range 10.0.0.0/24}
   * after any flag of ours (the last one counts), so it cannot be moved; {@code
   * src/test/netns/bin/java} makes exactly this range local in the e2e JVM's network namespace.
   */
  public static final String SERVICE_CIDR = "10.0.0.0/24";

  private final boolean withControllerManager;
  private final boolean withRoutedServices;
  private final List<String> apiServerFlags;
  private KubeAPIServer server;
  private KubernetesClient client;
  private KubeBinaries binaries;
  private ControllerManagerProcess controllerManager;

  public KubeApiServerExtension() {
    this(false, false, List.of());
  }

  private KubeApiServerExtension(
      boolean withControllerManager, boolean withRoutedServices, List<String> apiServerFlags) {
    this.withControllerManager = withControllerManager;
    this.withRoutedServices = withRoutedServices;
    this.apiServerFlags = List.copyOf(apiServerFlags);
  }

  /**
   * Also runs {@code kube-controller-manager} (found beside the other binaries) for the class; a
   * class asking for it is skipped, saying why, where there is none (a download brings none).
   */
  public KubeApiServerExtension withControllerManager() {
    return new KubeApiServerExtension(true, withRoutedServices, apiServerFlags);
  }

  /**
   * For classes whose webhook is registered by Service: skipped, saying why, before anything
   * starts, where a ClusterIP does not reach this JVM (see {@link ServiceNetwork}).
   */
  public KubeApiServerExtension withRoutedServices() {
    return new KubeApiServerExtension(withControllerManager, true, apiServerFlags);
  }

  /**
   * One more kube-apiserver flag, e.g. {@code withApiServerFlag("--enable-admission-plugins",
   * "NamespaceLifecycle")}. Flags kube-api-test sets itself (see {@link #SERVICE_CIDR}) stay its.
   */
  public KubeApiServerExtension withApiServerFlag(String flag, String value) {
    List<String> flags = new ArrayList<>(apiServerFlags);
    flags.add(flag);
    flags.add(value);
    return new KubeApiServerExtension(withControllerManager, withRoutedServices, flags);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (withRoutedServices) ServiceNetwork.assumeRouted(context.getDisplayName());
    binaries = KubeBinaries.find();
    Path controllerManagerBinary = null;
    if (withControllerManager) {
      controllerManagerBinary = binaries.controllerManager().orElse(null);
      if (controllerManagerBinary == null) {
        String why =
            "this class needs kube-controller-manager, and there is none beside the binaries in "
                + binaries.dir()
                + "/k8s/<version>-"
                + KubeBinaries.platform()
                + " (kube-api-test downloads none); run ../shared/kube/install";
        LOG.warn("skipping {}: {}", context.getDisplayName(), why);
        Assumptions.abort(why);
      }
    }
    KubeAPIServerConfigBuilder config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withTestDir(binaries.dir().toString())
            .withOfflineMode(binaries.offline())
            .withUpdateKubeConfig(false) // never touch the user's ~/.kube/config
            .withWaitForEtcdHealthCheckOnStartup(true)
            .withStartupTimeout(STARTUP_TIMEOUT_MILLIS);
    String version = binaries.offline() ? binaries.version() : binaries.wanted();
    if (version != null) config.withApiServerVersion(version);
    // In a network namespace with only loopback (see ServiceNetwork) there is no default route
    // for kube-apiserver to take its address from; it refuses to start without one.
    config.withApiServerFlag("--advertise-address", "127.0.0.1");
    if (!apiServerFlags.isEmpty()) config.withApiServerFlags(apiServerFlags);
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
    if (controllerManagerBinary != null) {
      controllerManager =
          ControllerManagerProcess.start(controllerManagerBinary, server.getKubeConfigYaml());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (controllerManager != null) controllerManager.close();
    controllerManager = null;
    if (client != null) client.close();
    if (server != null) server.stop();
    client = null;
    server = null;
  }

  /** kube-api-test's kubeconfig (cluster admin by client certificate), for more clients. */
  public String kubeConfigYaml() {
    return server.getKubeConfigYaml();
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
