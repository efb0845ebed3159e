package io.cachesync.operator;

import io.cachesync.operator.reconcile.CacheSyncReconciler;
import io.cachesync.operator.redis.RedisInspector;
import io.javaoperatorsdk.operator.Operator;

/** {@code java -jar cachesync-operator.jar}: runs against the current kubeconfig or in-cluster. */
public final class OperatorMain {
  private OperatorMain() {}

  public static Operator create(
      io.fabric8.kubernetes.client.KubernetesClient client, boolean serverSideApply) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client);
              if (!serverSideApply) {
                o.withSSABasedCreateUpdateMatchForDependentResources(false);
                o.withUseSSAToPatchPrimaryResource(false);
              }
            });
    operator.register(new CacheSyncReconciler(new RedisInspector()));
    return operator;
  }

  public static void main(String[] args) {
    Operator operator =
        create(new io.fabric8.kubernetes.client.KubernetesClientBuilder().build(), true);
    operator.start();
  }
}
