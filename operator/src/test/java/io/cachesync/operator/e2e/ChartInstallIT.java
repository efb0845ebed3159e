package io.cachesync.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SidecarSpec;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Installed as the chart installs it (CRD, ServiceAccount, roles and bindings, the webhook's
 * Service and configurations), the operator runs as its ServiceAccount: the RBAC the chart grants
 * is the RBAC the test gets, and the API server calls the webhooks through the Service.
 */
@EndToEnd
class ChartInstallIT {
  static final String NS = "e2e-chart";
  static final Duration SETTLE = Duration.ofSeconds(60);

  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withRoutedServices();

  static KubernetesClient admin;
  static ChartInstall chart;
  static ChartOperator operator;
  static RedisServer redis;

  @BeforeAll
  static void install() {
    admin = KUBE.client();
    chart = ChartInstall.render(Map.of()).apply(admin);
    RealCrd.namespace(admin, NS);
    redis = RedisServer.start();
    operator = ChartOperator.start(KUBE.kubeConfigYaml(), chart).awaitWebhookReady();
  }

  @AfterAll
  static void uninstall() {
    if (operator != null) operator.close();
    if (redis != null) redis.close();
  }

  static CacheSync minimal(String name) {
    CacheSync cs = CacheSyncs.minimal(NS, name, redis.uri());
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", name)).build());
    return cs;
  }

  static Resource<CacheSync> cacheSync(String name) {
    return admin.resources(CacheSync.class).inNamespace(NS).withName(name);
  }

  static Condition ready(CacheSync cs) {
    return CacheSyncsOnServer.condition(cs, "Ready");
  }

  static void awaitReady(String name) {
    CacheSyncsOnServer.awaitCondition(admin, cacheSync(name).get(), "Ready", "True");
  }

  @Test
  @DisplayName(
      "the operator writes its own CA into both webhook configurations, and its ServiceAccount may do no more than the chart grants")
  void caBundleAndIdentity() {
    await("caBundle of both webhook configurations, patched by the operator")
        .atMost(SETTLE)
        .untilAsserted(
            () -> {
              assertThat(
                      admin
                          .admissionRegistration()
                          .v1()
                          .mutatingWebhookConfigurations()
                          .withName(
                              chart.one(MutatingWebhookConfiguration.class).getMetadata().getName())
                          .get()
                          .getWebhooks()
                          .get(0)
                          .getClientConfig()
                          .getCaBundle())
                  .isNotBlank();
              assertThat(
                      admin
                          .admissionRegistration()
                          .v1()
                          .validatingWebhookConfigurations()
                          .withName(
                              chart
                                  .one(ValidatingWebhookConfiguration.class)
                                  .getMetadata()
                                  .getName())
                          .get()
                          .getWebhooks()
                          .get(0)
                          .getClientConfig()
                          .getCaBundle())
                  .isNotBlank();
            });
    assertThatThrownBy(() -> operator.client().secrets().inAnyNamespace().list())
        .as("listing Secrets, which the chart never grants")
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
        .hasMessageContaining("system:serviceaccount:" + ChartInstall.NAMESPACE);
  }

  @Test
  @DisplayName(
      "a CacheSync admitted through the Service reaches Ready=True; a policy violation is refused by the validating webhook naming the field")
  void admittedAndReady() {
    CacheSyncsOnServer.create(admin, minimal("installed"));
    awaitReady("installed");

    CacheSync agent = minimal("agent");
    SidecarSpec sidecar = new SidecarSpec();
    sidecar.setJvmOptions("-javaagent:/tmp/evil.jar");
    agent.getSpec().setSidecar(sidecar);
    assertThatThrownBy(() -> admin.resource(agent).create())
        .as("the validating webhook, called by the API server at the Service's ClusterIP")
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("validate.cachesync.io")
        .hasMessageContaining("spec.sidecar.jvmOptions");
  }

  @Test
  @DisplayName(
      "without patch and update on cachesyncs/status the operator reconciles but no status appears; restored, it reports Ready")
  void missingStatusVerbFailsAsForAUser() {
    ClusterRole granted = chart.clusterRole();
    ClusterRole trimmed =
        new ClusterRoleBuilder(granted)
            .editMatchingRule(r -> r.getResources().contains("cachesyncs/status"))
            .withVerbs("get")
            .endRule()
            .build();
    admin.resource(trimmed).forceConflicts().serverSideApply();
    try {
      CacheSyncsOnServer.create(admin, minimal("unseen"));
      await("the operator reconciles: the ConfigMap of CacheSync unseen exists")
          .atMost(SETTLE)
          .until(
              () ->
                  admin.configMaps().inNamespace(NS).withName("unseen-sidecar-config").get()
                      != null);
      await("CacheSync unseen stays without a status while the role lacks the verbs")
          .during(Duration.ofSeconds(5))
          .atMost(SETTLE)
          .until(() -> ready(cacheSync("unseen").get()) == null);
    } finally {
      admin.resource(granted).forceConflicts().serverSideApply();
    }
    // JOSDK may have given up retrying by now; a user's next edit (a new generation) reconciles
    cacheSync("unseen")
        .edit(
            cs -> {
              cs.getSpec().getCaches().get(0).setTtl("6m");
              return cs;
            });
    awaitReady("unseen");
  }
}
