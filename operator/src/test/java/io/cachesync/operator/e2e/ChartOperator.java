package io.cachesync.operator.e2e;

import static org.awaitility.Awaitility.await;

import io.cachesync.operator.OperatorMain;
import io.cachesync.operator.WatchNamespaces;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.webhook.Injection;
import io.cachesync.operator.webhook.InjectionSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The operator in-process as the chart's Deployment runs it: every API call made as the chart's
 * ServiceAccount (impersonated, so a verb the chart's roles lack fails as it would in a cluster),
 * with the Deployment's environment, leader election on its Lease, and the webhook on the port its
 * Service exposes, where the API server's call to the ClusterIP lands inside the e2e network
 * namespace (see {@link ServiceNetwork}). Stopped, nothing answers there: the webhook fails as
 * configured.
 */
final class ChartOperator implements AutoCloseable {
  static final String POD_NAME = "cachesync-operator-e2e";
  static final Duration STARTUP = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final Operator operator;
  private final Injection injection;
  private final Map<String, String> env;

  private ChartOperator(
      KubernetesClient client, Operator operator, Injection injection, Map<String, String> env) {
    this.client = client;
    this.operator = operator;
    this.injection = injection;
    this.env = env;
  }

  /** Starts it as {@code chart} installs it, on the server of {@code kubeConfigYaml}. */
  static ChartOperator start(String kubeConfigYaml, ChartInstall chart) {
    return start(kubeConfigYaml, chart, env -> env);
  }

  /** As above, with {@code changeEnv} applied to the Deployment's environment first. */
  static ChartOperator start(
      String kubeConfigYaml, ChartInstall chart, UnaryOperator<Map<String, String>> changeEnv) {
    return start(kubeConfigYaml, chart, changeEnv, Clock.systemUTC());
  }

  /** As above, on {@code clock} (the finalizer measures its patience with Redis on it). */
  static ChartOperator start(
      String kubeConfigYaml,
      ChartInstall chart,
      UnaryOperator<Map<String, String>> changeEnv,
      Clock clock) {
    Map<String, String> env = new HashMap<>(chart.operatorEnv(POD_NAME));
    // The Service's port, not the container's: the API server dials <ClusterIP>:<port> and no
    // kube-proxy translates it to the targetPort.
    env.put(
        InjectionSettings.PORT,
        String.valueOf(chart.webhookService().getSpec().getPorts().get(0).getPort()));
    env = Map.copyOf(changeEnv.apply(env));
    requireProcessEnvAgrees(env);

    KubernetesClient client = asServiceAccount(kubeConfigYaml, chart);
    OperatorMetrics metrics = new OperatorMetrics();
    AdmissionPolicy policy = AdmissionPolicy.fromEnv(env);
    Operator operator =
        OperatorMain.create(
            client,
            true,
            env.get(InjectionSettings.NAMESPACE),
            false, // losing the Lease must not exit the test JVM
            clock,
            metrics,
            policy);
    Injection injection = null;
    try {
      injection =
          Injection.start(client, InjectionSettings.fromEnv(env), policy, metrics.registry());
      operator.start();
    } catch (IOException | RuntimeException e) {
      if (injection != null) injection.close();
      operator.stop();
      client.close();
      if (e instanceof IOException io) throw new UncheckedIOException(io);
      throw (RuntimeException) e;
    }
    return new ChartOperator(client, operator, injection, env);
  }

  /**
   * A client that authenticates with kube-api-test's admin certificate and acts as the chart's
   * ServiceAccount, with the groups the API server gives every ServiceAccount token.
   */
  static KubernetesClient asServiceAccount(String kubeConfigYaml, ChartInstall chart) {
    var sa = chart.serviceAccount().getMetadata();
    Config config = Config.fromKubeconfig(kubeConfigYaml);
    config.setImpersonateUsername(
        "system:serviceaccount:" + sa.getNamespace() + ":" + sa.getName());
    config.setImpersonateGroups(
        "system:serviceaccounts",
        "system:serviceaccounts:" + sa.getNamespace(),
        "system:authenticated");
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * OperatorMain reads the sidecar defaults and the watched namespaces from the process's own
   * environment, which a test cannot set; a chart rendered with other values would be half-applied.
   */
  private static void requireProcessEnvAgrees(Map<String, String> chartEnv) {
    Map<String, String> processEnv = System.getenv();
    if (!SidecarDefaults.fromEnv(chartEnv).equals(SidecarDefaults.fromEnv(processEnv))) {
      throw new IllegalStateException(
          "the chart's sidecar defaults "
              + SidecarDefaults.fromEnv(chartEnv)
              + " differ from this JVM's "
              + SidecarDefaults.fromEnv(processEnv)
              + ", which the in-process reconciler uses; render the chart with its default"
              + " sidecar.* values");
    }
    if (!WatchNamespaces.fromEnv(chartEnv).equals(WatchNamespaces.fromEnv(processEnv))) {
      throw new IllegalStateException(
          "the chart's watchNamespaces differ from this JVM's "
              + WatchNamespaces.ENV
              + ", which the in-process operator reads; render the chart without watchNamespaces");
    }
  }

  /** The impersonated client the operator uses: what the ServiceAccount may do, no more. */
  KubernetesClient client() {
    return client;
  }

  /** The environment it runs with (the Deployment's, as changed). */
  Map<String, String> env() {
    return env;
  }

  /** Waits until the webhook has a serving certificate and has listed the CacheSyncs. */
  ChartOperator awaitWebhookReady() {
    await("the webhook has a serving certificate and has listed the CacheSyncs")
        .atMost(STARTUP)
        .until(injection::isReady);
    return this;
  }

  @Override
  public void close() {
    injection.close();
    operator.stop();
    client.close();
  }
}
