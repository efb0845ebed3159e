package io.cachesync.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * The chart under {@code helm/cachesync}, run through helm-java's embedded Helm: the only Helm on
 * this machine. Every render and install uses the same release name and namespace.
 */
final class Chart {
  static final String RELEASE = "cachesync";
  static final String NAMESPACE = "cachesync-system";

  /**
   * The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion). helm-java's embedded Helm
   * would otherwise assume v1.20.0, which the chart refuses.
   */
  static final String KUBE_VERSION = "1.25.0";

  private Chart() {}

  static Path dir() {
    Path dir = Paths.get(System.getProperty("cachesync.chart.dir", "cachesync"));
    if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      throw new IllegalStateException("no Chart.yaml in " + dir.toAbsolutePath());
    }
    return dir;
  }

  static Helm helm() {
    return new Helm(dir());
  }

  /** {@code helm template} with {@code --set key=value} for each entry; throws on a Helm error. */
  static Rendered template(Map<String, ?> values) {
    return Rendered.parse(templateCommand(KUBE_VERSION, values).call());
  }

  static TemplateCommand templateCommand(String kubeVersion, Map<String, ?> values) {
    TemplateCommand command =
        helm().template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(kubeVersion);
    values.forEach(command::set);
    return command;
  }

  /** {@code helm install --dry-run=client}: renders, validates and never talks to a cluster. */
  static Release installClientOnly(Map<String, ?> values) {
    InstallCommand command =
        helm()
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .dryRun()
            .clientOnly();
    values.forEach(command::set);
    return command.call();
  }
}
