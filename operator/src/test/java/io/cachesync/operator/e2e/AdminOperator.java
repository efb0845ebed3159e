package io.cachesync.operator.e2e;

import io.cachesync.operator.OperatorMain;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.cachesync.operator.policy.AdmissionPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;

/**
 * The operator in-process as OperatorMain runs it (server-side apply on, no webhook, the default
 * policy), on the client it is given: for the classes that test the reconciler on a real server
 * without the chart (cluster-admin). {@link ChartOperator} runs it as the chart's ServiceAccount.
 */
final class AdminOperator {
  private AdminOperator() {}

  /** Started; stop it in {@code @AfterAll}. */
  static Operator start(KubernetesClient client) {
    Operator operator =
        OperatorMain.create(
            client,
            true, // server-side apply, as OperatorMain.main runs it
            null,
            false,
            Clock.systemUTC(),
            new OperatorMetrics(),
            AdmissionPolicy.defaultsFor(null));
    operator.start();
    return operator;
  }
}
