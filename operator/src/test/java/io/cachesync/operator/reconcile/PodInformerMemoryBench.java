package io.cachesync.operator.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.Map;

/**
 * Not a test: prints the heap the operator's pod cache retains with many pods in namespaces that
 * hold no CacheSync, for the informer the operator had (every namespace) and the one it has now
 * (only a CacheSync's namespace), both with the same reduced item store. Run: {@code java -cp <test
 * classpath> io.cachesync.operator.reconcile.PodInformerMemoryBench [unrelatedPods]}.
 */
public final class PodInformerMemoryBench {
  private PodInformerMemoryBench() {}

  public static void main(String[] args) throws Exception {
    int unrelated = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int mine = 20;
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      for (int i = 0; i < unrelated; i++)
        client.resource(pod("team-" + (i % 50), "app-" + i)).create();
      for (int i = 0; i < mine; i++) client.resource(pod("shop", "web-" + i)).create();

      // warm up: class loading and serializer caches are not the pod cache
      start(client, client.pods().inNamespace("shop").runnableInformer(0)).stop();
      long base = usedAfterGc();
      var scopedInformer = start(client, client.pods().inNamespace("shop").runnableInformer(0));
      long withScoped = usedAfterGc();
      var everywhereInformer = start(client, client.pods().inAnyNamespace().runnableInformer(0));
      long withBoth = usedAfterGc();
      long scoped = withScoped - base;
      long everywhere = withBoth - withScoped;
      System.out.printf(
          "pods: %d in 50 namespaces without a CacheSync, %d in the CacheSync's namespace%n"
              + "pod cache, all namespaces (before): %,d bytes retained (%,d per pod), %d pods%n"
              + "pod cache, CacheSync namespaces only (after): %,d bytes retained, %d pods%n",
          unrelated,
          mine,
          everywhere,
          everywhere / (unrelated + mine),
          everywhereInformer.getStore().list().size(),
          scoped,
          scopedInformer.getStore().list().size());
      scopedInformer.stop();
      everywhereInformer.stop();
    } finally {
      server.destroy();
    }
  }

  /** Starts the informer with the operator's reduced item store and waits for its first list. */
  private static SharedIndexInformer<Pod> start(
      KubernetesClient client, SharedIndexInformer<Pod> informer) throws Exception {
    informer.itemStore(
        new ReducedStateItemStore<>(
            ReducedStateItemStore.NAME_KEY_STATE,
            Pod.class,
            client.getKubernetesSerialization(),
            "metadata.labels",
            "metadata.annotations",
            "metadata.ownerReferences",
            "metadata.deletionTimestamp"));
    informer.start().toCompletableFuture().get();
    return informer;
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  private static Pod pod(String namespace, String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(
            Map.of(
                "app.kubernetes.io/name",
                name.replaceAll("-\\d+$", ""),
                "app.kubernetes.io/instance",
                name,
                "pod-template-hash",
                "7d9f8c6b5d",
                "team",
                namespace))
        .withAnnotations(
            Map.of(
                "kubectl.kubernetes.io/restartedAt", "2026-01-01T00:00:00Z",
                "prometheus.io/scrape", "true",
                "prometheus.io/port", "9090"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.local/" + namespace + "/app:1.2.3")
        .addNewEnv()
        .withName("JAVA_TOOL_OPTIONS")
        .withValue("-XX:MaxRAMPercentage=75")
        .endEnv()
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("256Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }
}
