package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.KeyspaceNotificationsSpec;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.operator.redis.RedisEndpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyspaceFlagsOnServerTest {
  static final RedisEndpoint SPEC = new RedisEndpoint("redis.shop", 6379);
  static final RedisEndpoint OTHER = new RedisEndpoint("old.shop", 6380);

  static CacheSync cs(String server, String added) {
    CacheSync cs =
        CacheSyncs.withEvents(
            CacheSyncs.minimal("shop", "a", "redis://redis:6379"), KeyspaceEvent.expired);
    CacheSyncStatus status = new CacheSyncStatus();
    status.setKeyspaceFlagsServer(server);
    status.setKeyspaceFlagsAdded(added);
    cs.setStatus(status);
    return cs;
  }

  @Test
  @DisplayName(
      "an older operator's record of added flags is inherited only on the server it names (unset: the spec's)")
  void inherited() {
    assertThat(KeyspaceFlagsOnServer.inherited(cs(null, "Ex"), SPEC)).isEqualTo("Ex");
    assertThat(KeyspaceFlagsOnServer.inherited(cs(null, "Ex"), OTHER)).isEmpty();
    assertThat(KeyspaceFlagsOnServer.inherited(cs("old.shop:6380", "Ex"), OTHER)).isEqualTo("Ex");
    assertThat(KeyspaceFlagsOnServer.inherited(cs("old.shop:6380", "Ex"), SPEC)).isEmpty();
    assertThat(KeyspaceFlagsOnServer.inherited(cs(null, null), SPEC)).isEmpty();
  }

  @Test
  @DisplayName("the old server is reached with the spec's scheme and options, at its own address")
  void url() {
    CacheSync cs = cs(null, null);
    cs.getSpec().getRedis().setUrl("rediss://redis:6379?timeout=5s");
    assertThat(KeyspaceFlagsOnServer.url(cs, SPEC)).isEqualTo("rediss://redis:6379?timeout=5s");
    assertThat(KeyspaceFlagsOnServer.url(cs, OTHER)).isEqualTo("rediss://old.shop:6380?timeout=5s");
  }

  @Test
  @DisplayName(
      "a Sentinel setup recorded in status is reached again through its sentinels, in Sentinel mode")
  void sentinelRecorded() {
    CacheSync cs = cs(null, null);
    cs.getSpec().getRedis().setMode(RedisMode.Sentinel);
    cs.getSpec().getRedis().setUrl("redis-sentinel://s0:26379,s1:26379#cache");
    RedisEndpoint spec = KeyspaceFlagsOnServer.serverOf(cs);
    assertThat(spec).isNotNull();
    RedisEndpoint recorded = RedisEndpoint.parse(spec.hostPort());
    assertThat(recorded).isEqualTo(spec);
    // the spec moved to a standalone server: the old setup is still a Sentinel one
    cs.getSpec().getRedis().setMode(null);
    cs.getSpec().getRedis().setUrl("redis://redis:6379");
    assertThat(KeyspaceFlagsOnServer.url(cs, recorded))
        .isEqualTo("redis-sentinel://s0.shop:26379,s1.shop:26379#cache");
    assertThat(KeyspaceFlagsOnServer.modeOf(cs, recorded)).isEqualTo(RedisMode.Sentinel);
    assertThat(KeyspaceFlagsOnServer.modeOf(cs, SPEC)).isEqualTo(RedisMode.Standalone);
  }

  @Test
  @DisplayName(
      "flags are kept on the server only when events are asked for and manage is not false")
  void requested() {
    CacheSync cs = cs(null, null);
    assertThat(KeyspaceFlagsOnServer.requested(cs)).isTrue();
    assertThat(KeyspaceFlagsOnServer.needs(cs)).isEqualTo("Ex");
    cs.getSpec().getKeyspaceNotifications().setManage(false);
    assertThat(KeyspaceFlagsOnServer.requested(cs)).isFalse();
    cs.getSpec().setKeyspaceNotifications(new KeyspaceNotificationsSpec());
    assertThat(KeyspaceFlagsOnServer.requested(cs)).isFalse();
    assertThat(KeyspaceFlagsOnServer.needs(cs)).isEmpty();
  }
}
