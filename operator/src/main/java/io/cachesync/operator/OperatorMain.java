package io.cachesync.operator;

import io.cachesync.operator.health.ProbeServer;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.cachesync.operator.reconcile.CacheSyncReconciler;
import io.cachesync.operator.redis.RedisInspector;
import io.cachesync.operator.template.SidecarDefaults;
import io.cachesync.operator.webhook.Injection;
import io.cachesync.operator.webhook.InjectionSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/** {@code java -jar cachesync-operator.jar}: runs against the current kubeconfig or in-cluster. */
public final class OperatorMain {
  private OperatorMain() {}

  public static Operator create(KubernetesClient client, boolean serverSideApply) {
    return create(client, serverSideApply, null, false);
  }

  /**
   * {@code leaseNamespace} non-null: only the holder of the Lease reconciles, so replicas are safe;
   * {@code exitOnStopLeading}: a replica that loses the Lease exits and is restarted clean.
   */
  public static Operator create(
      KubernetesClient client,
      boolean serverSideApply,
      String leaseNamespace,
      boolean exitOnStopLeading) {
    return create(
        client,
        serverSideApply,
        leaseNamespace,
        exitOnStopLeading,
        Clock.systemUTC(),
        new OperatorMetrics());
  }

  /**
   * {@code clock} dates conditions and measures how long a deletion has waited; {@code metrics}
   * collects what JOSDK and the reconciler report.
   */
  public static Operator create(
      KubernetesClient client,
      boolean serverSideApply,
      String leaseNamespace,
      boolean exitOnStopLeading,
      Clock clock,
      OperatorMetrics metrics) {
    return create(
        client,
        serverSideApply,
        leaseNamespace,
        exitOnStopLeading,
        clock,
        metrics,
        AdmissionPolicy.fromEnv(System.getenv()));
  }

  /** {@code policy}: what a CacheSync may inject; one that violates it is not reconciled. */
  public static Operator create(
      KubernetesClient client,
      boolean serverSideApply,
      String leaseNamespace,
      boolean exitOnStopLeading,
      Clock clock,
      OperatorMetrics metrics,
      AdmissionPolicy policy) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client);
              o.withMetrics(metrics);
              if (!serverSideApply) {
                o.withSSABasedCreateUpdateMatchForDependentResources(false);
                o.withUseSSAToPatchPrimaryResource(false);
              }
              if (leaseNamespace != null) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            "cachesync-operator")
                        .withLeaseNamespace(leaseNamespace)
                        .withExitOnStopLeading(exitOnStopLeading)
                        .build());
              }
            });
    WatchNamespaces watch = WatchNamespaces.fromEnv(System.getenv());
    operator.register(
        new CacheSyncReconciler(
            new RedisInspector(), clock, metrics, SidecarDefaults.fromEnv(System.getenv()), policy),
        o -> {
          if (!watch.all()) o.settingNamespaces(watch.names());
        });
    return operator;
  }

  /**
   * In a cluster (POD_NAMESPACE set) replicas elect a leader through a Lease; the probes and {@code
   * /metrics} listen on CACHESYNC_PROBE_PORT (default 8081); with CACHESYNC_WEBHOOK_SERVICE set
   * (the chart sets it) every replica serves the injection webhook, and is ready once it has a
   * serving certificate and has listed the CacheSyncs. CACHESYNC_POLICY_ALLOWED_IMAGES,
   * CACHESYNC_POLICY_MAX_CPU and CACHESYNC_POLICY_MAX_MEMORY (chart values {@code policy.*}) bound
   * what a CacheSync may inject, for the reconciler and both webhooks alike.
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> env = System.getenv();
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorMetrics metrics = new OperatorMetrics();
    AdmissionPolicy policy = AdmissionPolicy.fromEnv(env);
    Operator operator =
        create(client, true, env.get("POD_NAMESPACE"), true, Clock.systemUTC(), metrics, policy);
    // every replica serves the webhook, leader or not: the API server calls any of them
    Injection injection =
        InjectionSettings.isConfigured(env)
            ? Injection.start(client, InjectionSettings.fromEnv(env), policy, metrics.registry())
            : null;
    int probePort = Integer.parseInt(env.getOrDefault("CACHESYNC_PROBE_PORT", "8081"));
    new ProbeServer(
        probePort,
        operator.getRuntimeInfo(),
        metrics,
        () -> injection == null || injection.isReady() ? null : injection.readinessProblem());
    if (injection != null) Runtime.getRuntime().addShutdownHook(new Thread(injection::close));
    operator.start();
  }
}
