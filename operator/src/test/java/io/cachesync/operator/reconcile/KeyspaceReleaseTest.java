package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.redis.RedisEndpoint;
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

  @Test
  @DisplayName(
      "a status that names no server means the spec's; one that names another server is released there, not on the spec's")
  void recordedServer() {
    CacheSync unnamed = cs("shop", "a", "redis://redis:6379", "Ex", KeyspaceEvent.expired);
    assertThat(KeyspaceRelease.of(unnamed, List.of()).server())
        .isEqualTo(new RedisEndpoint("redis.shop", 6379));

    CacheSync moved = cs("shop", "a", "redis://redis-new:6379", "Exg", KeyspaceEvent.expired);
    moved.getStatus().setKeyspaceFlagsServer("redis-old.shop:6379");
    CacheSync onOld = cs("shop", "b", "redis://redis-old:6379", null, KeyspaceEvent.expired);
    CacheSync onNew = cs("shop", "c", "redis://redis-new:6379", null, KeyspaceEvent.del);
    KeyspaceRelease r = KeyspaceRelease.of(moved, List.of(moved, onOld, onNew));
    assertThat(r.server()).isEqualTo(new RedisEndpoint("redis-old.shop", 6379));
    assertThat(r.withdraw()).isEqualTo("g");
    assertThat(r.handOver()).containsOnlyKeys(onOld).containsValue("Ex");
  }

  @Test
  @DisplayName("a server is recorded as host:port and read back, IPv6 in brackets")
  void hostPort() {
    for (RedisEndpoint e :
        List.of(new RedisEndpoint("redis.shop", 6379), new RedisEndpoint("::1", 6380))) {
      assertThat(RedisEndpoint.parse(e.hostPort())).isEqualTo(e);
    }
    assertThat(new RedisEndpoint("::1", 6380).hostPort()).isEqualTo("[::1]:6380");
    assertThat(new RedisEndpoint("redis.shop", 6379).urlLike("rediss://redis:6379/2"))
        .isEqualTo("rediss://redis.shop:6379");
    assertThat(
            new RedisEndpoint("old", 6379).urlLike("rediss://new:6380/1?verifyPeer=CA&timeout=5s"))
        .as("the spec's options still apply to the old server")
        .isEqualTo("rediss://old:6379?verifyPeer=CA&timeout=5s");
    assertThat(RedisEndpoint.parse("garbage")).isNull();
  }
}
