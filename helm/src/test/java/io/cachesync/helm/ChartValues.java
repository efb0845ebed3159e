package io.cachesync.helm;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The value sets the tests render: the defaults, and every switch flipped. */
final class ChartValues {
  private ChartValues() {}

  static Map<String, Object> defaults() {
    return Map.of();
  }

  /** cert-manager certificates, failing closed, one replica (no PDB), a ServiceMonitor. */
  static Map<String, Object> nonDefault() {
    return Map.of(
        "webhook.certificates",
        "cert-manager",
        "webhook.failurePolicy",
        "Fail",
        "operator.replicas",
        1,
        "metrics.serviceMonitor.enabled",
        true);
  }

  /** For {@code @MethodSource("io.cachesync.helm.ChartValues#both")}. */
  static Stream<Arguments> both() {
    return Stream.of(
        Arguments.of("default values", defaults()),
        Arguments.of("non-default values", nonDefault()));
  }
}
