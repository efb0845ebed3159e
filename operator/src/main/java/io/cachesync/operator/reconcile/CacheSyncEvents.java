package io.cachesync.operator.reconcile;

import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a CacheSync for what a person should notice: its Ready condition flipping or
 * changing reason (not every pass), and what its deletion did to Redis.
 */
final class CacheSyncEvents {
  private static final Logger log = LoggerFactory.getLogger(CacheSyncEvents.class);

  private CacheSyncEvents() {}

  static void onReadyTransition(
      KubernetesClient client, CacheSync cs, List<Condition> before, List<Condition> after) {
    Condition was = ready(before);
    Condition now = ready(after);
    if (now == null) return;
    if (was != null
        && was.getStatus().equals(now.getStatus())
        && Objects.equals(was.getReason(), now.getReason())) return;
    emit(
        client,
        cs,
        "True".equals(now.getStatus()) ? "Normal" : "Warning",
        now.getReason(),
        now.getMessage());
  }

  static void emit(
      KubernetesClient client, CacheSync cs, String type, String reason, String message) {
    String time = Instant.now().toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(cs.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(cs.getMetadata().getName() + ".")
                  .withNamespace(cs.getMetadata().getNamespace())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(cs.getApiVersion())
                          .withKind(cs.getKind())
                          .withName(cs.getMetadata().getName())
                          .withNamespace(cs.getMetadata().getNamespace())
                          .withUid(cs.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withFirstTimestamp(time)
                  .withLastTimestamp(time)
                  .withCount(1)
                  .withNewSource("cachesync-operator", null)
                  .build())
          .create();
    } catch (RuntimeException e) {
      // an Event is a courtesy: never fail a reconcile over it
      log.warn(
          "could not record an Event for CacheSync {}/{}: {}",
          cs.getMetadata().getNamespace(),
          cs.getMetadata().getName(),
          e.toString());
    }
  }

  private static Condition ready(List<Condition> conditions) {
    if (conditions == null) return null;
    return conditions.stream()
        .filter(c -> c.getType().equals(Conditions.READY))
        .findFirst()
        .orElse(null);
  }
}
