package io.cachesync.operator.webhook;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Admission requests answered, by result, so a webhook that fails open is still seen failing. */
public final class WebhookMetrics {
  private final Counter admissions;

  public WebhookMetrics(PrometheusRegistry registry) {
    admissions =
        Counter.builder()
            .name("cachesync_webhook_admissions_total")
            .help(
                "Pod admissions answered by the injection webhook, by result (injected,"
                    + " not-selected, opted-out, already-injected, policy-violation, failed, ...)")
            .labelNames("result")
            .register(registry);
  }

  void record(String result) {
    admissions.labelValues(result).inc();
  }

  /** How many admissions ended with {@code result}. */
  public long total(String result) {
    return (long) admissions.labelValues(result).get();
  }
}
