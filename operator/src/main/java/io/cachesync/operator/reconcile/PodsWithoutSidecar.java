package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the webhook's failing open visible (the condition is {@link StatusAggregator}'s): a Warning
 * Event naming the bare pods when their number changes, at most one a minute per CacheSync so a
 * rollout during a webhook outage does not flood the namespace (the next pass, within a minute,
 * catches up).
 */
final class PodsWithoutSidecar {
  static final String CONDITION = Conditions.SIDECARS_INJECTED;
  static final String REASON = Conditions.PODS_WITHOUT_SIDECAR;
  static final Duration EVENT_INTERVAL = Duration.ofMinutes(1);
  private static final int NAMED = 10;

  private final Clock clock;
  private final Map<ResourceID, Told> told = new ConcurrentHashMap<>();

  private record Told(int count, Instant at) {}

  PodsWithoutSidecar(Clock clock) {
    this.clock = clock;
  }

  void notice(KubernetesClient client, CacheSync cs, List<String> pods) {
    ResourceID id = ResourceID.fromResource(cs);
    Told last = told.get(id);
    int before = last == null ? 0 : last.count();
    if (pods.size() == before) return;
    Instant now = clock.instant();
    if (before != 0 && last.at().plus(EVENT_INTERVAL).isAfter(now)) return;
    told.put(id, new Told(pods.size(), now));
    if (pods.isEmpty()) {
      CacheSyncEvents.emit(
          client, cs, "Normal", "AllPodsInjected", "every selected pod runs a cachesync sidecar");
    } else {
      CacheSyncEvents.emit(client, cs, "Warning", REASON, message(pods));
    }
  }

  void forget(CacheSync cs) {
    told.remove(ResourceID.fromResource(cs));
  }

  static String message(List<String> pods) {
    String names =
        String.join(", ", pods.subList(0, Math.min(NAMED, pods.size())))
            + (pods.size() > NAMED ? " and " + (pods.size() - NAMED) + " more" : "");
    return pods.size()
        + " selected pod(s) run without the cachesync sidecar and send no invalidations ("
        + names
        + "): they started while the injection webhook was unreachable (it fails open), before"
        + " this CacheSync existed, or in a namespace without the label"
        + " cachesync.io/injection=enabled. Delete them (or restart their workloads) to have the"
        + " sidecar injected";
  }
}
