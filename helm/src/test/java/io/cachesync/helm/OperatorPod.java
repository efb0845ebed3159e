package io.cachesync.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.Optional;

/** The operator's pod template as rendered, with the look-ups the tests share. */
record OperatorPod(PodTemplateSpec template) {
  static OperatorPod of(Rendered rendered) {
    return new OperatorPod(rendered.one(Deployment.class).getSpec().getTemplate());
  }

  Container container() {
    assertThat(template.getSpec().getContainers()).hasSize(1);
    return template.getSpec().getContainers().get(0);
  }

  Optional<EnvVar> envVar(String name) {
    return container().getEnv().stream().filter(e -> name.equals(e.getName())).findFirst();
  }

  /** The literal value of an environment variable; fails the test when it is not set. */
  String env(String name) {
    Optional<EnvVar> variable = envVar(name);
    assertThat(variable).as("env %s", name).isPresent();
    return variable.get().getValue();
  }

  Map<String, String> labels() {
    return template.getMetadata().getLabels();
  }
}
