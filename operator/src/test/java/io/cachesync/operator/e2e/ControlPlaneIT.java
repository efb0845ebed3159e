package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test control plane itself: kube-controller-manager's controllers act on the server, and a
 * Service's ClusterIP is local to this JVM, as the webhook tests rely on.
 */
@EndToEnd
class ControlPlaneIT {
  static final String NS = "e2e-control-plane";
  static final Duration SETTLE = Duration.ofSeconds(60);

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withControllerManager();

  static KubernetesClient client;

  @BeforeAll
  static void namespace() {
    client = KUBE.client();
    RealCrd.namespace(client, NS);
  }

  static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("example/app:1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  @DisplayName(
      "a Deployment becomes a ReplicaSet and stored pods; deleted, both go by owner-reference garbage collection")
  void deploymentRollsOutAndIsCollected() {
    client.resource(deployment("shop", 2)).create();
    await("the ReplicaSet controller stores 2 pods of Deployment shop")
        .atMost(SETTLE)
        .until(
            () ->
                client.pods().inNamespace(NS).withLabel("app", "shop").list().getItems().size()
                    == 2);
    assertThat(
            client.apps().replicaSets().inNamespace(NS).withLabel("app", "shop").list().getItems())
        .singleElement()
        .satisfies(
            rs ->
                assertThat(rs.getMetadata().getOwnerReferences())
                    .anyMatch(o -> o.getKind().equals("Deployment") && o.getName().equals("shop")));

    client.apps().deployments().inNamespace(NS).withName("shop").delete();
    await("the garbage collector removes the ReplicaSet and pods of Deployment shop")
        .atMost(SETTLE)
        .until(
            () ->
                client
                        .apps()
                        .replicaSets()
                        .inNamespace(NS)
                        .withLabel("app", "shop")
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .pods()
                        .inNamespace(NS)
                        .withLabel("app", "shop")
                        .list()
                        .getItems()
                        .isEmpty());
  }

  @Test
  @DisplayName("a Service's ClusterIP is in the Service CIDR and local to this JVM")
  void clusterIpIsLocal() throws Exception {
    ServiceNetwork.assumeRouted("clusterIpIsLocal");
    Service service =
        client
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("probe")
                    .withNamespace(NS)
                    .endMetadata()
                    .withNewSpec()
                    .addToSelector("app", "probe")
                    .addNewPort()
                    .withPort(443)
                    .endPort()
                    .endSpec()
                    .build())
            .create();
    InetAddress clusterIp = InetAddress.getByName(service.getSpec().getClusterIP());
    assertThat(service.getSpec().getClusterIP())
        .as("allocated from %s", KubeApiServerExtension.SERVICE_CIDR)
        .startsWith("10.0.0.");
    assertThat(ServiceNetwork.isLocal(clusterIp)).as("%s is local here", clusterIp).isTrue();
  }
}
