package io.cachesync.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's Prometheus metrics: JOSDK reports every reconciliation through this {@link
 * Metrics} implementation (counts by outcome, durations, retries, events), and the reconciler
 * reports each CacheSync's Ready state, so an alert can name the resource that is not ready.
 */
public final class OperatorMetrics implements Metrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<ResourceID, Boolean> ready = new ConcurrentHashMap<>();

  private final Counter reconciliations =
      Counter.builder()
          .name("cachesync_operator_reconciliations_total")
          .help("Reconciliations finished, by outcome (success, failure)")
          .labelNames("outcome")
          .register(registry);
  private final Counter retries =
      Counter.builder()
          .name("cachesync_operator_reconcile_retries_total")
          .help("Reconciliations started as a retry of a failed one")
          .register(registry);
  private final Counter events =
      Counter.builder()
          .name("cachesync_operator_events_received_total")
          .help("Events (resource changes, timers) that reached the operator")
          .register(registry);
  private final Counter cleanups =
      Counter.builder()
          .name("cachesync_operator_cleanups_total")
          .help("Deleted CacheSyncs whose cleanup finished")
          .register(registry);
  private final Histogram duration =
      Histogram.builder()
          .name("cachesync_operator_execution_duration_seconds")
          .help("Time spent in the reconciler, by execution (reconcile, cleanup) and result")
          .labelNames("execution", "result")
          .classicOnly()
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
          .register(registry);

  public OperatorMetrics() {
    GaugeWithCallback.builder()
        .name("cachesync_operator_cachesync_ready")
        .help("1 when the CacheSync's Ready condition is True, else 0")
        .labelNames("namespace", "name")
        .callback(
            cb ->
                ready.forEach(
                    (id, isReady) ->
                        cb.call(isReady ? 1 : 0, id.getNamespace().orElse(""), id.getName())))
        .register(registry);
  }

  /** Where other parts of the operator (the webhook) register their metrics. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** The reconciler's verdict on one CacheSync. */
  public void readyState(ResourceID id, boolean isReady) {
    ready.put(id, isReady);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    events.inc();
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    if (retryInfo != null && retryInfo.getAttemptCount() > 0) retries.inc();
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    reconciliations.labelValues("success").inc();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    reconciliations.labelValues("failure").inc();
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    cleanups.inc();
    ready.remove(resourceID);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long start = System.nanoTime();
    String result = "failure";
    try {
      T value = execution.execute();
      result = "success";
      return value;
    } finally {
      duration.labelValues(execution.name(), result).observe((System.nanoTime() - start) / 1e9);
    }
  }

  /** Writes every metric in Prometheus's text format. */
  public void writeTo(OutputStream out) throws IOException {
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
  }

  public String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
