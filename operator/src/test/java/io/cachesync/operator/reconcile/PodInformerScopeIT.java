package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The operator reads pods only in namespaces that hold a CacheSync. */
class PodInformerScopeIT extends OperatorOnMockServer {
  KubernetesMockServer server;
  final List<String> paths = new ArrayList<>();

  void pod(String namespace, String name) {
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of("app", "web"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop/web:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  void catalogue() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", redis.uri());
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build());
    client.resource(cs).create();
  }

  Integer selected() {
    CacheSync cs =
        client.resources(CacheSync.class).inNamespace("shop").withName("catalogue").get();
    return cs == null || cs.getStatus() == null ? null : cs.getStatus().getSelectedPods();
  }

  /** Every request path the mock server saw so far (kept across calls). */
  List<String> requests() throws InterruptedException {
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      paths.add(r.getMethod() + " " + r.getPath());
    }
    return paths;
  }

  long podLists(String namespace) throws InterruptedException {
    return requests().stream()
        .filter(p -> p.startsWith("GET /api/v1/namespaces/" + namespace + "/pods?"))
        .filter(p -> !p.contains("watch=true"))
        .count();
  }

  @Test
  @DisplayName(
      "pods of a namespace without a CacheSync are never listed or watched; a namespace's informer goes with its last CacheSync")
  void onlyNamespacesWithCacheSyncs() throws Exception {
    for (int i = 0; i < 20; i++) pod("unrelated", "pod-" + i);
    pod("shop", "web-1");
    pod("shop", "web-2");
    catalogue();

    await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(2).equals(selected()));

    assertThat(requests())
        .filteredOn(p -> p.startsWith("GET ") && p.contains("/pods"))
        .as("no cluster-wide pod list or watch, and nothing in the unrelated namespace")
        .noneMatch(p -> p.startsWith("GET /api/v1/pods"))
        .noneMatch(p -> p.contains("/namespaces/unrelated/"))
        .anyMatch(p -> p.startsWith("GET /api/v1/namespaces/shop/pods"));
    assertThat(podLists("shop")).isEqualTo(1);

    client.resources(CacheSync.class).inNamespace("shop").withName("catalogue").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(CacheSync.class).inNamespace("shop").withName("catalogue").get()
                    == null);
    pod("shop", "web-3");
    catalogue();

    await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(3).equals(selected()));
    assertThat(podLists("shop"))
        .as("the informer was dropped with the CacheSync and a new one listed the pods again")
        .isEqualTo(2);
  }
}
