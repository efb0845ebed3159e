package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Warning Event follows the count, at most once a minute per CacheSync. */
@EnableKubernetesMockClient(crud = true)
class PodsWithoutSidecarTest {
  KubernetesClient client;
  Instant now = Instant.parse("2026-01-01T00:00:00Z");

  List<String> reasons() {
    return client.v1().events().inNamespace("shop").list().getItems().stream()
        .map(Event::getReason)
        .toList();
  }

  @Test
  @DisplayName(
      "an Event when the count first rises, none for changes within a minute, then one for the latest")
  void rateLimited() {
    PodsWithoutSidecar notice =
        new PodsWithoutSidecar(
            new Clock() {
              @Override
              public Instant instant() {
                return now;
              }

              @Override
              public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }
            });
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis:6379");

    notice.notice(client, cs, List.of());
    assertThat(reasons()).as("nothing to say while every pod has its sidecar").isEmpty();

    notice.notice(client, cs, List.of("web-1"));
    notice.notice(client, cs, List.of("web-1"));
    notice.notice(client, cs, List.of("web-1", "web-2"));
    assertThat(reasons()).containsExactly("PodsWithoutSidecar");

    now = now.plus(Duration.ofMinutes(1));
    notice.notice(client, cs, List.of("web-1", "web-2"));
    assertThat(reasons()).containsExactly("PodsWithoutSidecar", "PodsWithoutSidecar");

    now = now.plus(Duration.ofMinutes(1));
    notice.notice(client, cs, List.of());
    assertThat(reasons()).endsWith("AllPodsInjected");
  }
}
