package io.cachesync.operator.e2e;

import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The Events a server holds about one CacheSync. */
final class EventsOnServer {
  private EventsOnServer() {}

  /** Events whose involved object is this very CacheSync (by UID, so a namesake does not count). */
  static List<Event> about(KubernetesClient client, CacheSync cs) {
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
