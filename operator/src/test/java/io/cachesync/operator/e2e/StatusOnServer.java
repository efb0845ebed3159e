package io.cachesync.operator.e2e;

import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** What the server holds about a CacheSync: its conditions and the Events that name it. */
final class StatusOnServer {
  private StatusOnServer() {}

  static Condition condition(CacheSync cs, String type) {
    if (cs == null || cs.getStatus() == null || cs.getStatus().getConditions() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  /** Events whose involved object is this very CacheSync (by UID, so a namesake does not count). */
  static List<Event> events(KubernetesClient client, CacheSync cs) {
    return client
        .v1()
        .events()
        .inNamespace(cs.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(e -> cs.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
        .toList();
  }
}
