package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.OperatorMain;
import io.cachesync.operator.metrics.OperatorMetrics;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.CacheSyncStatus;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.operator.redis.KeyspaceLedger;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The finalizer: deleting a CacheSync gives back its keyspace registration on a real Redis; what it
 * owns carries its owner reference (no garbage collector runs on the mock server, the e2e suite
 * sees it collected).
 */
@EnableKubernetesMockClient(crud = true)
class DeletionIT {
  static final String NS = "shop";
  static final Duration WAIT = Duration.ofSeconds(30);
  KubernetesClient client;
  Operator operator;

  void start(Clock clock) throws Exception {
    CacheSyncs.installCrd(client);
    operator = OperatorMain.create(client, false, null, false, clock, new OperatorMetrics());
    operator.start();
  }

  @AfterEach
  void stop() {
    if (operator != null) operator.stop();
  }

  CacheSync get(String name) {
    return client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
  }

  boolean ready(String name) {
    CacheSync cs = get(name);
    return cs != null
        && cs.getStatus() != null
        && cs.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  static String flags(RedisServer redis) {
    return RedisCli.command(redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events");
  }

  /** The setting's value alone: the reply also names the parameter, whose letters are flags too. */
  static String setting(RedisServer redis) {
    String reply = flags(redis);
    return reply.substring(reply.indexOf(',') + 1).replaceAll("[\\[\\] ]", "");
  }

  static String ledger(RedisServer redis) {
    return RedisCli.command(redis.host(), redis.port(), "HGETALL", KeyspaceLedger.KEY);
  }

  String uid(String name) {
    return get(name).getMetadata().getUid();
  }

  void delete(String name) {
    client.resources(CacheSync.class).inNamespace(NS).withName(name).delete();
  }

  List<Event> events(String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getReason().equals(reason))
        .toList();
  }

  @Test
  @DisplayName(
      "delete: the flags the operator added go, the server's own flags stay, the ledger empties; the ConfigMap is left to its owner reference")
  void deleteRestores() throws Exception {
    start(Clock.systemUTC());
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Kl")) {
      client
          .resource(
              CacheSyncs.withEvents(
                  CacheSyncs.minimal(NS, "leaving", redis.uri()),
                  KeyspaceEvent.expired,
                  KeyspaceEvent.del))
          .create();
      await().atMost(WAIT).until(() -> ready("leaving"));
      assertThat(get("leaving").getMetadata().getFinalizers()).isNotEmpty();
      assertThat(flags(redis)).contains("x", "g", "E");
      assertThat(ledger(redis)).contains(uid("leaving"), "Exg");
      String owner = uid("leaving");
      delete("leaving");
      await().atMost(WAIT).until(() -> get("leaving") == null);
      // not deleted by hand: the garbage collector's job, through this reference
      assertThat(
              client
                  .configMaps()
                  .inNamespace(NS)
                  .withName("leaving-sidecar-config")
                  .get()
                  .getMetadata()
                  .getOwnerReferences())
          .singleElement()
          .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(owner));
      assertThat(flags(redis)).contains("K", "l").doesNotContain("x", "g", "E");
      assertThat(ledger(redis)).isEqualTo("[]");
      assertThat(events("KeyspaceFlagsRemoved"))
          .singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains("removed 'Exg'"));
    }
  }

  @Test
  @DisplayName(
      "two CacheSyncs on one Redis: the first to go keeps the flags the other needs, without writing the other's status; the last restores the server")
  void sharedFlags() throws Exception {
    start(Clock.systemUTC());
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Kl")) {
      client
          .resource(
              CacheSyncs.withEvents(
                  CacheSyncs.minimal(NS, "first", redis.uri()),
                  KeyspaceEvent.expired,
                  KeyspaceEvent.del))
          .create();
      await().atMost(WAIT).until(() -> ready("first"));
      client
          .resource(
              CacheSyncs.withEvents(
                  CacheSyncs.minimal(NS, "second", redis.uri()), KeyspaceEvent.expired))
          .create();
      await().atMost(WAIT).until(() -> ready("second"));
      assertThat(ledger(redis)).contains(uid("first"), uid("second"));
      CacheSyncStatus before = get("second").getStatus();

      delete("first");
      await().atMost(WAIT).until(() -> get("first") == null);
      assertThat(flags(redis)).contains("K", "l", "E", "x").doesNotContain("g");
      assertThat(ledger(redis)).contains(uid("second")).contains("Ex");
      CacheSyncStatus after = get("second").getStatus();
      assertThat(after.getKeyspaceFlagsAdded()).as("nothing handed over in a status").isNull();
      assertThat(after.getKeyspaceFlagsServer()).isEqualTo(before.getKeyspaceFlagsServer());

      delete("second");
      await().atMost(WAIT).until(() -> get("second") == null);
      assertThat(flags(redis)).contains("K", "l").doesNotContain("E", "x", "g");
      assertThat(ledger(redis)).isEqualTo("[]");
    }
  }

  @Test
  @DisplayName(
      "six CacheSyncs on one server, created at once and deleted at once: each is counted in the ledger, then the server is back to its own setting")
  void manyAtOnce() throws Exception {
    start(Clock.systemUTC());
    KeyspaceEvent[][] events = {
      {KeyspaceEvent.expired},
      {KeyspaceEvent.del},
      {KeyspaceEvent.set},
      {KeyspaceEvent.evicted},
      {KeyspaceEvent.expired, KeyspaceEvent.del},
      {KeyspaceEvent.expire}
    };
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Kl")) {
      for (int i = 0; i < events.length; i++) {
        client
            .resource(
                CacheSyncs.withEvents(CacheSyncs.minimal(NS, "many-" + i, redis.uri()), events[i]))
            .create();
      }
      await()
          .atMost(WAIT)
          .until(
              () ->
                  java.util.stream.IntStream.range(0, events.length)
                      .allMatch(i -> ready("many-" + i)));
      for (int i = 0; i < events.length; i++) assertThat(ledger(redis)).contains(uid("many-" + i));
      assertThat(setting(redis)).contains("E", "x", "g", "$", "e");
      for (int i = 0; i < events.length; i++) delete("many-" + i);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  java.util.stream.IntStream.range(0, events.length)
                      .allMatch(i -> get("many-" + i) == null));
      assertThat(setting(redis)).isIn("Kl", "lK");
      assertThat(ledger(redis)).isEqualTo("[]");
    }
  }

  @Test
  @DisplayName(
      "the spec stops asking for keyspace events: its registration is given back at once, the CacheSync stays")
  void eventsDropped() throws Exception {
    start(Clock.systemUTC());
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Kl")) {
      client
          .resource(
              CacheSyncs.withEvents(
                  CacheSyncs.minimal(NS, "quieter", redis.uri()), KeyspaceEvent.expired))
          .create();
      await().atMost(WAIT).until(() -> ready("quieter"));
      assertThat(flags(redis)).contains("E", "x");
      client
          .resources(CacheSync.class)
          .inNamespace(NS)
          .withName("quieter")
          .edit(
              cs -> {
                cs.getSpec().setKeyspaceNotifications(null);
                return cs;
              });
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(flags(redis)).contains("K", "l").doesNotContain("E", "x");
                assertThat(ledger(redis)).isEqualTo("[]");
                assertThat(get("quieter").getStatus().getKeyspaceFlagsServer()).isNull();
              });
      assertThat(ready("quieter")).isTrue();
    }
  }

  void moveTo(String name, RedisServer redis) {
    client
        .resources(CacheSync.class)
        .inNamespace(NS)
        .withName(name)
        .edit(
            cs -> {
              cs.getSpec().getRedis().setUrl(redis.uri());
              return cs;
            });
  }

  @Test
  @DisplayName(
      "spec.redis moved to another server: the flags go from the old one at once, and the deletion leaves the new server's own flags alone")
  void movedServer() throws Exception {
    start(Clock.systemUTC());
    try (RedisServer old = RedisServer.start("--notify-keyspace-events", "Kl");
        RedisServer next = RedisServer.start("--notify-keyspace-events", "KExg")) {
      client
          .resource(
              CacheSyncs.withEvents(
                  CacheSyncs.minimal(NS, "mover", old.uri()),
                  KeyspaceEvent.expired,
                  KeyspaceEvent.del))
          .create();
      await().atMost(WAIT).until(() -> ready("mover"));
      assertThat(get("mover").getStatus().getKeyspaceFlagsServer())
          .isEqualTo("127.0.0.1:" + old.port());
      assertThat(flags(old)).contains("x", "g", "E");

      moveTo("mover", next);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(flags(old)).contains("K", "l").doesNotContain("x", "g", "E");
                assertThat(ledger(old)).isEqualTo("[]");
                assertThat(get("mover").getStatus().getKeyspaceFlagsServer())
                    .isEqualTo("127.0.0.1:" + next.port());
              });
      assertThat(ledger(next)).as("needed there, added nothing").contains(uid("mover"));
      assertThat(events("KeyspaceFlagsRemoved"))
          .singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains("moved off 127.0.0.1:" + old.port()));

      delete("mover");
      await().atMost(WAIT).until(() -> get("mover") == null);
      assertThat(flags(next)).contains("K", "E", "x", "g");
    }
  }

  @Test
  @DisplayName(
      "spec.redis moved off a server that is gone: a Warning names the flags left there, and the new server's flags are recorded and taken back")
  void movedOffGoneServer() throws Exception {
    start(Clock.systemUTC());
    try (RedisServer old = RedisServer.start();
        RedisServer next = RedisServer.start("--notify-keyspace-events", "Kl")) {
      client
          .resource(
              CacheSyncs.withEvents(
                  CacheSyncs.minimal(NS, "migrated", old.uri()), KeyspaceEvent.set))
          .create();
      await().atMost(WAIT).until(() -> ready("migrated"));
      old.stop();
      moveTo("migrated", next);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(get("migrated").getStatus().getKeyspaceFlagsServer())
                      .isEqualTo("127.0.0.1:" + next.port()));
      assertThat(ledger(next)).contains(uid("migrated"), "E$");
      assertThat(events("KeyspaceFlagsLeft"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .contains("moved off 127.0.0.1:" + old.port(), "'E$'", "by hand"));

      delete("migrated");
      await().atMost(WAIT).until(() -> get("migrated") == null);
      assertThat(flags(next)).contains("K", "l").doesNotContain("E", "$");
    }
  }

  @Test
  @DisplayName(
      "Redis down at deletion: the CacheSync waits, and is cleaned up once Redis answers again")
  void waitsForRedis() throws Exception {
    start(Clock.systemUTC());
    try (RedisServer redis = RedisServer.start()) {
      client
          .resource(
              CacheSyncs.withEvents(
                  CacheSyncs.minimal(NS, "patient", redis.uri()), KeyspaceEvent.set))
          .create();
      await().atMost(WAIT).until(() -> ready("patient"));
      redis.stop();
      delete("patient");
      await()
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(20))
          .until(() -> get("patient") != null);
      String uid = uid("patient");
      redis.restart();
      // a restarted redis-server forgets CONFIG SET and the ledger: set both again so the
      // removal shows
      RedisCli.command(redis.host(), redis.port(), "CONFIG", "SET", "notify-keyspace-events", "E$");
      RedisCli.command(
          redis.host(), redis.port(), "HSET", KeyspaceLedger.KEY, uid, "E$", "added", "E$");
      await().atMost(WAIT).until(() -> get("patient") == null);
      assertThat(flags(redis)).doesNotContain("$");
    }
  }

  @Test
  @DisplayName(
      "Redis gone for longer than the patience: the deletion proceeds, with a Warning naming the flags left")
  void givesUp() throws Exception {
    start(Clock.offset(Clock.systemUTC(), CacheSyncCleanup.PATIENCE.plusMinutes(1)));
    try (RedisServer redis = RedisServer.start()) {
      client
          .resource(
              CacheSyncs.withEvents(
                  CacheSyncs.minimal(NS, "orphan", redis.uri()), KeyspaceEvent.set))
          .create();
      await().atMost(WAIT).until(() -> ready("orphan"));
      redis.stop();
      delete("orphan");
      await().atMost(WAIT).until(() -> get("orphan") == null);
      assertThat(events("KeyspaceFlagsLeft"))
          .singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains("'E$'", "by hand"));
    }
  }

  @Test
  @DisplayName(
      "Redis never answered, so no registration was ever recorded: the deletion does not wait for it")
  void neverRegistered() throws Exception {
    start(Clock.systemUTC());
    RedisServer redis = RedisServer.start();
    redis.close();
    client
        .resource(
            CacheSyncs.withEvents(CacheSyncs.minimal(NS, "unborn", redis.uri()), KeyspaceEvent.set))
        .create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                get("unborn").getStatus() != null
                    && get("unborn").getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                c.getType().equals("RedisReachable")
                                    && c.getStatus().equals("False")));
    assertThat(get("unborn").getStatus().getKeyspaceFlagsServer()).isNull();
    delete("unborn");
    // well within CacheSyncCleanup.PATIENCE (two minutes)
    await().atMost(WAIT).until(() -> get("unborn") == null);
    assertThat(events("KeyspaceFlagsLeft"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).startsWith("gave up,").contains("'E$'"));
  }

  @Test
  @DisplayName(
      "the credentials Secret deleted with the CacheSync: the deletion does not wait, and the Warning names the flags left")
  void secretGoneFirst() throws Exception {
    start(Clock.systemUTC());
    try (RedisServer redis = RedisServer.start("--requirepass", "pw")) {
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("auth")
                  .withNamespace(NS)
                  .addToLabels("cachesync.io/credentials", "true")
                  .endMetadata()
                  .withStringData(Map.of("password", "pw"))
                  .build())
          .create();
      CacheSync cs =
          CacheSyncs.withEvents(
              CacheSyncs.minimal(NS, "with-secret", redis.uri()), KeyspaceEvent.set);
      SecretKeys keys = new SecretKeys();
      keys.setSecretName("auth");
      cs.getSpec().getRedis().setCredentials(keys);
      client.resource(cs).create();
      await().atMost(WAIT).until(() -> ready("with-secret"));
      client.secrets().inNamespace(NS).withName("auth").delete();
      delete("with-secret");
      // well within CacheSyncCleanup.PATIENCE (two minutes)
      await().atMost(WAIT).until(() -> get("with-secret") == null);
      assertThat(events("KeyspaceFlagsLeft"))
          .singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains("'E$'", "Secret auth"));
    }
  }
}
