package io.cachesync.sidecar.keyspace;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that remembers what it was told, for assertions from the test thread. */
final class RecordingSink implements KeyspaceSink {
  record Event(String cache, String key, KeyspaceEventKind kind) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<NotificationsStatus> statuses = new CopyOnWriteArrayList<>();
  final AtomicInteger missed = new AtomicInteger();

  @Override
  public void onKeyspaceEvent(String cache, String key, KeyspaceEventKind kind) {
    events.add(new Event(cache, key, kind));
  }

  @Override
  public void onNotificationsStatus(NotificationsStatus status) {
    statuses.add(status);
  }

  @Override
  public void onEventsMissed(String reason) {
    missed.incrementAndGet();
  }

  List<Event> eventsFor(String key) {
    return events.stream().filter(e -> e.key().equals(key)).toList();
  }

  NotificationsStatus.State lastState() {
    return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1).state();
  }

  String lastDetail() {
    return statuses.isEmpty() ? "" : statuses.get(statuses.size() - 1).detail();
  }
}
