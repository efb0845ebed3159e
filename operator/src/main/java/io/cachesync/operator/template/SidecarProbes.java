package io.cachesync.operator.template;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * The sidecar's probes, all on its metrics port. The kubelet probes the pod IP, and the sidecar's
 * gRPC port listens on 127.0.0.1 only (the cache is for its own pod), so a gRPC probe could never
 * pass. The metrics port listens on every interface, and its {@code /health} answers 200 exactly
 * when gRPC health says SERVING: subscribed to the invalidation channel.
 */
final class SidecarProbes {
  static final String PORT = "metrics";

  private SidecarProbes() {}

  /**
   * Up to two minutes to start (a JVM, then Redis); a native sidecar holds the app back until then,
   * so the app never meets a cache that is not ready.
   */
  static Probe startup() {
    return health(1, 120, 1);
  }

  static Probe readiness() {
    return health(5, 3, 2);
  }

  /**
   * Only whether the process answers, and only after a minute of silence: a restart empties the
   * cache, and a Redis outage is no reason for one (the sidecar keeps serving from memory).
   */
  static Probe liveness() {
    return new ProbeBuilder()
        .withNewTcpSocket()
        .withPort(new IntOrString(PORT))
        .endTcpSocket()
        .withPeriodSeconds(10)
        .withTimeoutSeconds(2)
        .withFailureThreshold(6)
        .build();
  }

  private static Probe health(int period, int failures, int timeout) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/health")
        .withPort(new IntOrString(PORT))
        .withScheme("HTTP")
        .endHttpGet()
        .withPeriodSeconds(period)
        .withFailureThreshold(failures)
        .withTimeoutSeconds(timeout)
        .build();
  }
}
