package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.model.KeyspaceEvent;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyspaceReleaseTest {

  static CacheSync cs(String ns, String name, String url, String added, KeyspaceEvent... events) {
    CacheSync cs = CacheSyncs.withEvents(CacheSyncs.minimal(ns, name, url), events);
    CacheSyncStatus status = new CacheSyncStatus();
    status.setKeyspaceFlagsAdded(added);
    cs.setStatus(status);
    return cs;
  }

  @Test
  @DisplayName("alone on its server: every flag it added is taken back")
  void alone() {
    CacheSync leaving = cs("shop", "a", "redis://redis:6379", "Exg", KeyspaceEvent.expired);
    KeyspaceRelease r = KeyspaceRelease.of(leaving, List.of(leaving));
    assertThat(r.withdraw()).isEqualTo("Exg");
    assertThat(r.handOver()).isEmpty();
  }

  @Test
  @DisplayName("flags another CacheSync on the same server needs stay and are handed over to it")
  void shared() {
    CacheSync leaving = cs("shop", "a", "redis://redis:6379", "Exg", KeyspaceEvent.expired);
    CacheSync sameServer = cs("shop", "b", "redis://redis:6379/2", null, KeyspaceEvent.expired);
    CacheSync otherServer = cs("billing", "c", "redis://redis:6379", null, KeyspaceEvent.del);
    KeyspaceRelease r = KeyspaceRelease.of(leaving, List.of(leaving, sameServer, otherServer));
    assertThat(r.withdraw()).isEqualTo("g");
    assertThat(r.handOver()).containsOnlyKeys(sameServer).containsValue("Ex");
  }

  @Test
  @DisplayName(
      "a CacheSync that is itself being deleted needs nothing; nothing added, nothing to do")
  void deletingAndNothingAdded() {
    CacheSync leaving = cs("shop", "a", "redis://redis:6379", "E$", KeyspaceEvent.set);
    CacheSync alsoLeaving = cs("shop", "b", "redis://redis:6379", null, KeyspaceEvent.set);
    alsoLeaving.getMetadata().setDeletionTimestamp("2026-11-22T00:00:00Z");
    assertThat(KeyspaceRelease.of(leaving, List.of(alsoLeaving)).withdraw()).isEqualTo("E$");
    CacheSync nothing = cs("shop", "n", "redis://redis:6379", null, KeyspaceEvent.set);
    assertThat(KeyspaceRelease.of(nothing, List.of()).withdraw()).isEmpty();
  }
}
