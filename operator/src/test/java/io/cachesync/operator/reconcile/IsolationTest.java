package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheStrategy;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.L2Spec;
import io.cachesync.operator.model.SyncSpec;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IsolationTest {

  static CacheSync withL2(String namespace, String name, String url) {
    CacheSync cs = CacheSyncs.minimal(namespace, name, url);
    cs.getSpec().getCaches().get(0).setL2(new L2Spec());
    return cs;
  }

  static CacheSync channel(CacheSync cs, String channel) {
    cs.getSpec().setSync(new SyncSpec());
    cs.getSpec().getSync().setChannel(channel);
    return cs;
  }

  static CacheSync prefix(CacheSync cs, String prefix) {
    cs.getSpec().getCaches().get(0).getL2().setPrefix(prefix);
    return cs;
  }

  @Test
  @DisplayName("two CacheSyncs with a cache of one name on one Redis share nothing by default")
  void defaultsIsolate() {
    CacheSync a = withL2("team-a", "users", "redis://redis.shared.svc:6379");
    CacheSync b = withL2("team-b", "users", "redis://redis.shared.svc:6379");
    Isolation i = Isolation.of(a, List.of(a, b));
    assertThat(i.isolated()).isTrue();
    assertThat(i.reason()).isEqualTo("NothingShared");
    assertThat(i.message()).contains("redis.shared.svc:6379 database 0");
  }

  @Test
  @DisplayName(
      "a shared channel on one server and database is a conflict naming the other CacheSync and the channel")
  void sharedChannel() {
    CacheSync a = channel(withL2("team-a", "users", "redis://redis.shared.svc:6379"), "users");
    CacheSync b = channel(withL2("team-b", "users", "redis://redis.shared.svc:6379"), "users");
    Isolation i = Isolation.of(a, List.of(a, b));
    assertThat(i.isolated()).isFalse();
    assertThat(i.reason()).isEqualTo("SharedChannel");
    assertThat(i.others()).containsExactly("team-b/users");
    assertThat(i.message())
        .contains("with CacheSync 'team-b/users'")
        .contains("the channel 'users'")
        .contains("the L2 prefix 'users:l2:books:'");
    assertThat(Isolation.of(b, List.of(a, b)).others()).containsExactly("team-a/users");
  }

  @Test
  @DisplayName("an L2 prefix equal to, or nesting with, another CacheSync's is a conflict")
  void sharedPrefix() {
    CacheSync a = prefix(withL2("team-a", "users", "redis://redis.shared.svc:6379"), "users:");
    CacheSync b =
        prefix(withL2("team-b", "users", "redis://redis.shared.svc:6379"), "users:archive:");
    Isolation i = Isolation.of(a, List.of(a, b));
    assertThat(i.isolated()).isFalse();
    assertThat(i.reason()).isEqualTo("SharedL2Prefix");
    assertThat(i.message()).contains("'users:' (cache books) nests with their 'users:archive:'");
    prefix(b, "users:");
    assertThat(Isolation.of(b, List.of(a, b)).message())
        .contains("the L2 prefix 'users:' (cache books, theirs books)");
  }

  @Test
  @DisplayName("an L2 prefix over another CacheSync's write-behind stream is a conflict")
  void prefixOverStream() {
    CacheSync a = prefix(withL2("shop", "a", "redis://redis.shop.svc:6379"), "cachesync.shop.b:");
    CacheSync b = CacheSyncs.minimal("shop", "b", "redis://redis.shop.svc:6379");
    b.getSpec().getCaches().add(CacheSyncs.cache("orders", CacheStrategy.WriteBehind));
    assertThat(Isolation.of(a, List.of(a, b)).message())
        .contains("covers their write-behind stream 'cachesync.shop.b:wb:orders'");
    assertThat(Isolation.of(b, List.of(a, b)).message())
        .contains(
            "their L2 prefix 'cachesync.shop.b:' (cache books) covers the write-behind stream");
  }

  @Test
  @DisplayName(
      "another database, another server, or a short host name in another namespace shares nothing")
  void elsewhere() {
    CacheSync a = channel(withL2("team-a", "x", "redis://redis:6379"), "users");
    CacheSync sameNsOtherDb = channel(withL2("team-a", "y", "redis://redis:6379"), "users");
    sameNsOtherDb.getSpec().getRedis().setDatabase(2);
    CacheSync otherNs = channel(withL2("team-b", "z", "redis://redis:6379"), "users");
    CacheSync otherPort = channel(withL2("team-a", "w", "redis://redis:6380"), "users");
    assertThat(Isolation.of(a, List.of(a, sameNsOtherDb, otherNs, otherPort)).isolated()).isTrue();
    CacheSync sameDb = channel(withL2("team-a", "v", "redis://redis.team-a:6379/0"), "users");
    assertThat(Isolation.of(a, List.of(a, sameDb)).others()).containsExactly("team-a/v");
  }

  @Test
  @DisplayName(
      "a change of one CacheSync concerns those on its database and those whose status names it")
  void affected() {
    CacheSync a = channel(withL2("team-a", "users", "redis://redis.shared.svc:6379"), "users");
    CacheSync b = channel(withL2("team-b", "users", "redis://redis.shared.svc:6379"), "users");
    CacheSync far = withL2("team-c", "users", "redis://elsewhere.svc:6379");
    assertThat(Isolation.affectedBy(a, List.of(a, b, far))).containsExactly(b);
    // b moved away: a still names it in its status, so a is checked again
    CacheSync moved = channel(withL2("team-b", "users", "redis://elsewhere.svc:6379"), "users");
    a.setStatus(new io.cachesync.operator.model.CacheSyncStatus());
    a.getStatus()
        .setConditions(
            new StatusConditions(null, 1, java.time.Clock.systemUTC())
                .set(
                    Isolation.TYPE,
                    false,
                    "SharedChannel",
                    Isolation.of(a, List.of(a, b)).message())
                .build());
    assertThat(Isolation.affectedBy(moved, List.of(a, far))).containsExactlyInAnyOrder(a, far);
  }
}
