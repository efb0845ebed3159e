package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.WatchRequest;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.KeyspaceNotificationsConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Writers that never pass through a sidecar: a plain Redis client on L2's keys. */
class KeyspaceIT {

  static SidecarFixture.Tweak l2Books() {
    return c ->
        c.withKeyspaceNotifications(
                new KeyspaceNotificationsConfig(List.of("set", "del", "expired")))
            .withCaches(
                List.of(
                    new CacheConfig(
                        "books", Strategy.LookAside, null, null, null, L2Config.on(), null)));
  }

  @Test
  @DisplayName(
      "a key set, deleted or expired by a plain Redis client is dropped from L1 and reported on Watch; own writes are not undone by their echo")
  void plainWriters() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Eg$x");
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s = fixture.start(1, redis.uri(), l2Books()).get(0);
      String prefix = L2Config.defaultPrefix(fixture.channel(), "books");
      assertThat(s.config().cache("books").orElseThrow().l2().prefix()).isEqualTo(prefix);
      var client = fixture.client(s);
      List<CacheEvent> events = new CopyOnWriteArrayList<>();
      fixture
          .asyncClient(s)
          .watch(
              WatchRequest.newBuilder().setCache("books").build(),
              SyncAcrossSidecarsIT.collect(events));
      await().until(() -> s.watchCount() == 1 && s.keyspaceSubscribed());

      // own writes and fills: their keyspace echoes do not drop the fresh L1 entry
      write(client, "books", "own", "mine");
      SidecarFixture.missThenFill(client, "books", "filled", "f");
      write(client, "books", "marker", "m"); // later own writes: their echoes come after "own"'s
      RedisCli.command(redis.host(), redis.port(), "SET", prefix + "sentinel", "x");
      await().until(() -> events.stream().anyMatch(e -> e.getKeysList().contains("sentinel")));
      assertThat(hits(client, "books", "own")).isTrue();
      assertThat(hits(client, "books", "filled")).isTrue();

      // in L1 and (filled under a lease) in L2
      for (String k : List.of("a", "b", "c")) SidecarFixture.missThenFill(client, "books", k, "v");
      RedisCli.command(redis.host(), redis.port(), "SET", prefix + "a", "from elsewhere");
      RedisCli.command(redis.host(), redis.port(), "DEL", prefix + "b");
      RedisCli.command(redis.host(), redis.port(), "PEXPIRE", prefix + "c", "50");
      // the L1 copy of a is dropped, so the next read goes to L2 and sees the other writer's value
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  SidecarFixture.get(client, "books", "a")
                          .getValue()
                          .toStringUtf8()
                          .equals("from elsewhere")
                      && !hits(client, "books", "b")
                      && !hits(client, "books", "c"));
      await()
          .untilAsserted(
              () ->
                  assertThat(events)
                      .extracting(e -> e.getKind() + " " + String.join(",", e.getKeysList()))
                      .contains("UPDATED a", "DELETED b", "EXPIRED c"));

      // an own write leaves the key in L2 (a marker, no value), so an outside DEL still reaches
      // the writer's L1 copy; a DEL of a missing key would send no event
      write(client, "books", "written", "mine");
      assertThat(hits(client, "books", "written")).isTrue();
      RedisCli.command(redis.host(), redis.port(), "DEL", prefix + "written");
      await().atMost(Duration.ofSeconds(10)).until(() -> !hits(client, "books", "written"));
      assertThat(events)
          .filteredOn(e -> e.getKeysList().contains("own") || e.getKeysList().contains("filled"))
          .isEmpty();
    }
  }

  @Test
  @DisplayName(
      "listening to del alone, an outside DEL right after the sidecar's own fill still drops the"
          + " L1 copy: the fill's set echo never comes, so it is not expected")
  void deleteAfterOwnFillWithoutSetEvents() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Eg$x");
        SidecarFixture fixture = new SidecarFixture()) {
      SidecarFixture.Tweak delOnly =
          c ->
              l2Books()
                  .apply(c)
                  .withKeyspaceNotifications(new KeyspaceNotificationsConfig(List.of("del")));
      Sidecar s = fixture.start(1, redis.uri(), delOnly).get(0);
      String prefix = L2Config.defaultPrefix(fixture.channel(), "books");
      var client = fixture.client(s);
      await().until(s::keyspaceSubscribed);
      SidecarFixture.missThenFill(client, "books", "k", "v");
      assertThat(hits(client, "books", "k")).isTrue();
      RedisCli.command(redis.host(), redis.port(), "DEL", prefix + "k");
      await().atMost(Duration.ofSeconds(10)).until(() -> !hits(client, "books", "k"));
    }
  }

  @Test
  @DisplayName(
      "with notifications off on the server, the sidecar says so in its health detail instead of silently doing nothing")
  void notificationsOff() {
    try (RedisServer redis = RedisServer.start();
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s = fixture.start(1, redis.uri(), l2Books()).get(0);
      String prefix = L2Config.defaultPrefix(fixture.channel(), "books");
      assertThat(s.config().cache("books").orElseThrow().l2().prefix()).isEqualTo(prefix);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(s.health().detail())
                      .contains("keyspace notifications DISABLED", "notify-keyspace-events"));
    }
  }
}
