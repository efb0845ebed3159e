package io.cachesync.operator.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The chart, rendered by helm-java as {@code helm template} renders it, and applied to a real API
 * server as {@code helm install} would, except for the operator's Deployment (no kubelet runs it;
 * {@link ChartOperator} runs the operator in-process with the Deployment's identity and env).
 *
 * @param namespace the release's namespace
 * @param objects every rendered object
 */
record ChartInstall(String namespace, List<HasMetadata> objects) {
  static final String RELEASE = "cachesync";
  static final String NAMESPACE = "cachesync-system";

  /**
   * The chart's kubeVersion floor (Chart.yaml: >=1.25.0-0). Rendering for an older server is
   * refused by Helm, so an older test server gets the floor's manifests: none of the templates
   * depends on the version.
   */
  static final String KUBE_VERSION_FLOOR = "1.25.0";

  /** What {@code helm install} would create that the API server can hold without a kubelet. */
  static final Set<Class<? extends HasMetadata>> APPLIED =
      Set.of(
          ServiceAccount.class,
          ClusterRole.class,
          ClusterRoleBinding.class,
          Role.class,
          RoleBinding.class,
          Service.class,
          MutatingWebhookConfiguration.class,
          ValidatingWebhookConfiguration.class);

  /** What it leaves out, and why; any other kind fails the install, so none is dropped unseen. */
  static final Map<String, String> NOT_APPLIED =
      Map.of(
          "Deployment", "no kubelet runs it: ChartOperator runs the operator in-process",
          "PodDisruptionBudget", "guards the Deployment's pods, which never exist here",
          "NetworkPolicy", "no CNI enforces it here",
          "ServiceMonitor", "the Prometheus Operator's CRD is not installed",
          "Certificate", "cert-manager's CRD is not installed",
          "Issuer", "cert-manager's CRD is not installed");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Pattern ONLY_COMMENTS = Pattern.compile("(?s)\\s*(#[^\\n]*\\s*)*");

  ChartInstall {
    objects = List.copyOf(objects);
  }

  /** The chart directory: {@code -Dcachesync.chart.dir} (set by the pom), else the checkout's. */
  static Path chartDir() {
    Path dir = Path.of(System.getProperty("cachesync.chart.dir", "../helm/cachesync"));
    if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      throw new IllegalStateException(
          "no Chart.yaml in " + dir.toAbsolutePath() + "; set -Dcachesync.chart.dir");
    }
    return dir;
  }

  /** {@code helm template cachesync helm/cachesync -n cachesync-system --set k=v ...}. */
  static ChartInstall render(Map<String, ?> values) {
    TemplateCommand command =
        new Helm(chartDir())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION_FLOOR);
    values.forEach(command::set);
    return new ChartInstall(NAMESPACE, parse(command.call()));
  }

  private static List<HasMetadata> parse(String manifests) {
    List<HasMetadata> parsed = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
      if (ONLY_COMMENTS.matcher(document).matches()) continue;
      if (!(SERIALIZATION.unmarshal(document) instanceof HasMetadata object)) {
        throw new IllegalStateException("helm template printed a non-object:\n" + document);
      }
      parsed.add(object);
    }
    return parsed;
  }

  /**
   * Installs the CRD (from {@code crds/}, as Helm installs a chart's crds/), the release namespace
   * and every {@link #APPLIED} object, replacing what an earlier apply left.
   */
  ChartInstall apply(KubernetesClient admin) {
    try {
      RealCrd.install(admin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RealCrd.namespace(admin, namespace);
    for (HasMetadata object : applied()) admin.resource(object).forceConflicts().serverSideApply();
    return this;
  }

  List<HasMetadata> applied() {
    for (HasMetadata o : objects) {
      if (!APPLIED.contains(o.getClass()) && !NOT_APPLIED.containsKey(o.getKind())) {
        throw new IllegalStateException(
            "the chart renders a "
                + o.getKind()
                + " ("
                + o.getMetadata().getName()
                + ") that ChartInstall neither applies nor leaves out on purpose; add it to"
                + " APPLIED or NOT_APPLIED");
      }
    }
    return objects.stream().filter(o -> APPLIED.contains(o.getClass())).toList();
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new IllegalStateException(
          "the chart rendered " + found.size() + " " + type.getSimpleName() + " objects, not 1");
    }
    return found.get(0);
  }

  ServiceAccount serviceAccount() {
    return one(ServiceAccount.class);
  }

  /** The operator's ClusterRole (the only one the chart renders). */
  ClusterRole clusterRole() {
    return one(ClusterRole.class);
  }

  /** The Service the webhook configurations name. */
  Service webhookService() {
    String name =
        one(MutatingWebhookConfiguration.class)
            .getWebhooks()
            .get(0)
            .getClientConfig()
            .getService()
            .getName();
    return all(Service.class).stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no rendered Service " + name));
  }

  /**
   * The operator container's environment in the Deployment, with the downward API's fields
   * (namespace, pod name) filled in as the kubelet would for {@code podName}.
   */
  Map<String, String> operatorEnv(String podName) {
    Container container =
        one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v : container.getEnv()) {
      if (v.getValue() != null) {
        env.put(v.getName(), v.getValue());
      } else if (v.getValueFrom() != null && v.getValueFrom().getFieldRef() != null) {
        String field = v.getValueFrom().getFieldRef().getFieldPath();
        env.put(
            v.getName(),
            switch (field) {
              case "metadata.namespace" -> namespace;
              case "metadata.name" -> podName;
              default ->
                  throw new IllegalStateException(
                      "the Deployment's env " + v.getName() + " reads " + field + ", unknown here");
            });
      } else {
        throw new IllegalStateException(
            "the Deployment's env " + v.getName() + " comes from somewhere this fixture ignores");
      }
    }
    return Map.copyOf(env);
  }
}
