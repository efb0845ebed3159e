package io.cachesync.sidecar.keyspace;

import static io.cachesync.sidecar.keyspace.KeyspaceEventKind.DELETED;
import static io.cachesync.sidecar.keyspace.KeyspaceEventKind.EXPIRED;
import static io.cachesync.sidecar.keyspace.KeyspaceEventKind.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.KeyspaceNotificationsConfig;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.keyspace.NotificationsStatus.State;
import io.cachesync.sidecar.keyspace.RecordingSink.Event;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The listener against a real redis-server, written to by a plain client that no sidecar sees. */
class KeyspaceListenerIT {
  static final List<String> EVENTS =
      List.of("set", "del", "unlink", "expired", "evicted", "expire", "rename_from", "rename_to");
  static final String FLAGS = KeyspaceFlags.required(EVENTS); // "Exeg$"

  final RecordingSink sink = new RecordingSink();
  final EchoFilter echoes = new EchoFilter();
  RedisServer redis;
  KeyspaceListener listener;

  @AfterEach
  void stop() {
    if (listener != null) listener.close();
    if (redis != null) redis.close();
  }

  KeyspaceListener listen(String url) {
    listener =
        new KeyspaceListener(
            RedisConfig.of(url),
            new KeyspaceNotificationsConfig(EVENTS),
            new KeyPrefixes(Map.of("cachesync:books:", "books", "cachesync:users:", "users")),
            echoes,
            sink);
    listener.start();
    return listener;
  }

  /** A server sending every event the listener needs, and a listener subscribed to it. */
  void startNotifying() {
    redis = RedisServer.start("--notify-keyspace-events", FLAGS);
    listen(redis.uri());
    await().until(() -> listener.subscribed() && sink.lastState() == State.ENABLED);
  }

  String cli(String... args) {
    return RedisCli.command(redis.host(), redis.port(), args);
  }

  @Test
  @DisplayName("a plain client's SET and DEL under a prefix arrive as UPDATED and DELETED")
  void setAndDel() {
    startNotifying();
    cli("SET", "cachesync:books:k1", "v1");
    await().until(() -> sink.events.contains(new Event("books", "k1", UPDATED)));
    cli("DEL", "cachesync:books:k1");
    await().until(() -> sink.events.contains(new Event("books", "k1", DELETED)));
    cli("SET", "cachesync:users:u1", "v1");
    cli("UNLINK", "cachesync:users:u1");
    await()
        .until(
            () ->
                sink.eventsFor("u1")
                    .equals(
                        List.of(
                            new Event("users", "u1", UPDATED), new Event("users", "u1", DELETED))));
    assertThat(listener.eventsApplied()).isEqualTo(4);
  }

  @Test
  @DisplayName("a key whose PX runs out in Redis arrives as EXPIRED")
  void expired() {
    startNotifying();
    cli("SET", "cachesync:books:short", "v", "PX", "50");
    await().until(() -> sink.events.contains(new Event("books", "short", EXPIRED)));
  }

  @Test
  @DisplayName("a rename moves the value: the old key is DELETED, the new one UPDATED")
  void rename() {
    startNotifying();
    cli("SET", "cachesync:books:old", "v");
    cli("RENAME", "cachesync:books:old", "cachesync:books:new");
    await().until(() -> sink.events.contains(new Event("books", "new", UPDATED)));
    assertThat(sink.eventsFor("old")).contains(new Event("books", "old", DELETED));
  }

  @Test
  @DisplayName("keys under no cache's prefix are ignored and counted")
  void unmatched() {
    startNotifying();
    cli("SET", "session:42", "v");
    cli("SET", "cachesync:books:marker", "v");
    await().until(() -> !sink.eventsFor("marker").isEmpty());
    assertThat(sink.events).extracting(Event::key).containsOnly("marker");
    assertThat(listener.eventsUnmatched()).isEqualTo(1);
  }

  @Test
  @DisplayName("the echo of an own write is not reported; the next foreign write to the key is")
  void echoes() {
    startNotifying();
    echoes.expect("cachesync:books:mine");
    cli("SET", "cachesync:books:mine", "own");
    echoes.expect("cachesync:books:ttl");
    cli("SET", "cachesync:books:ttl", "own", "PX", "60000"); // set + expire, one write
    cli("SET", "cachesync:books:mine", "foreign");
    await().until(() -> !sink.eventsFor("mine").isEmpty());
    assertThat(sink.eventsFor("mine")).containsExactly(new Event("books", "mine", UPDATED));
    assertThat(sink.eventsFor("ttl")).isEmpty();
    assertThat(listener.echoesIgnored()).isEqualTo(3);
    assertThat(echoes.outstandingKeys()).isZero();
  }

  @Test
  @DisplayName("notifications off on the server: DISABLED, naming the missing flags")
  void disabled() {
    redis = RedisServer.start(); // Redis's default: notify-keyspace-events ""
    listen(redis.uri());
    await().until(() -> sink.lastState() == State.DISABLED);
    assertThat(sink.lastDetail())
        .contains("notify-keyspace-events='' but the sidecar needs '" + FLAGS + "'")
        .contains("'x' for expired")
        .contains("'$' for set")
        .contains("CONFIG SET notify-keyspace-events " + FLAGS);
    assertThat(listener.status()).isEqualTo(sink.statuses.get(sink.statuses.size() - 1));
  }

  @Test
  @DisplayName("some flags on the server: DISABLED, and the events it does send still apply")
  void partial() {
    redis = RedisServer.start("--notify-keyspace-events", "Ex");
    listen(redis.uri());
    await().until(() -> sink.lastState() == State.DISABLED);
    assertThat(sink.lastDetail())
        .contains("missing 'e' for evicted; 'g' for del")
        .doesNotContain("'x'");
    cli("SET", "cachesync:books:short", "v", "PX", "20");
    await().until(() -> sink.events.contains(new Event("books", "short", EXPIRED)));
  }

  @Test
  @DisplayName("CONFIG renamed away (managed Redis): UNKNOWN, and events are applied anyway")
  void configForbidden() {
    redis = RedisServer.start("--notify-keyspace-events", FLAGS, "--rename-command", "CONFIG", "");
    listen(redis.uri());
    await().until(() -> sink.lastState() == State.UNKNOWN && listener.subscribed());
    assertThat(sink.lastDetail())
        .contains("cannot be verified")
        .contains("'" + FLAGS + "'")
        .contains("events are applied if they arrive");
    cli("SET", "cachesync:books:k1", "v1");
    await().until(() -> sink.events.contains(new Event("books", "k1", UPDATED)));
  }

  @Test
  @DisplayName(
      "Redis restarted: the listener resubscribes, re-checks, reports the loss, hears again")
  void restart() {
    startNotifying();
    int statusesBefore = sink.statuses.size();
    redis.stop();
    await().until(() -> !listener.subscribed());
    redis.restart();
    await().atMost(Duration.ofSeconds(15)).until(listener::subscribed);
    await().until(() -> sink.missed.get() == 1 && sink.statuses.size() > statusesBefore);
    assertThat(sink.lastState()).isEqualTo(State.ENABLED);
    cli("SET", "cachesync:books:after", "v");
    await().until(() -> sink.events.contains(new Event("books", "after", UPDATED)));
  }

  @Test
  @DisplayName("Redis down at start: the listener keeps trying and subscribes once it answers")
  void startsBeforeRedis() {
    redis = RedisServer.start("--notify-keyspace-events", FLAGS);
    redis.stop();
    listen(redis.uri());
    redis.restart();
    await().atMost(Duration.ofSeconds(15)).until(() -> sink.lastState() == State.ENABLED);
    assertThat(sink.missed).hasValue(0); // nothing was subscribed before, so nothing was lost
    cli("SET", "cachesync:books:k1", "v1");
    await().until(() -> sink.events.contains(new Event("books", "k1", UPDATED)));
  }

  @Test
  @DisplayName("the database in the url picks the keyevent channels: other databases are not heard")
  void database() {
    redis = RedisServer.start("--notify-keyspace-events", FLAGS);
    listen(redis.uri() + "/2");
    await().until(() -> sink.lastState() == State.ENABLED);
    assertThat(listener.channels()).allMatch(c -> c.startsWith("__keyevent@2__:"));
    RedisClient plain = RedisClient.create(redis.uri() + "/2");
    try (StatefulRedisConnection<String, String> db2 = plain.connect()) {
      cli("SET", "cachesync:books:db0", "v"); // database 0
      db2.sync().set("cachesync:books:db2", "v");
      await().until(() -> !sink.eventsFor("db2").isEmpty());
      assertThat(sink.eventsFor("db0")).isEmpty();
    } finally {
      plain.shutdown();
    }
  }

  @Test
  @DisplayName("no events configured: OFF, and no connection is made")
  void off() {
    redis = RedisServer.start();
    listener =
        new KeyspaceListener(
            RedisConfig.of(redis.uri()),
            KeyspaceNotificationsConfig.off(),
            new KeyPrefixes(Map.of("cachesync:books:", "books")),
            echoes,
            sink);
    listener.start();
    assertThat(sink.lastState()).isEqualTo(State.OFF);
    assertThat(listener.subscribed()).isFalse();
  }
}
