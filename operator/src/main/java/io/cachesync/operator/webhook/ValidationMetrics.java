package io.cachesync.operator.webhook;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** CacheSync admissions answered by the validating webhook, by result. */
public final class ValidationMetrics {
  private final Counter validations;

  public ValidationMetrics(PrometheusRegistry registry) {
    validations =
        Counter.builder()
            .name("cachesync_webhook_validations_total")
            .help(
                "CacheSync creates and updates answered by the validating webhook, by result"
                    + " (allowed, denied, unchecked, bad-request)")
            .labelNames("result")
            .register(registry);
  }

  void record(String result) {
    validations.labelValues(result).inc();
  }

  /** How many validations ended with {@code result}. */
  public long total(String result) {
    return (long) validations.labelValues(result).get();
  }
}
