package io.cachesync.sidecar.keyspace;

import static io.cachesync.sidecar.keyspace.KeyspaceEventKind.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.KeyspaceNotificationsConfig;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.keyspace.NotificationsStatus.State;
import io.cachesync.sidecar.keyspace.RecordingSink.Event;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications on a Redis Cluster are node-local: the listener must subscribe on every
 * master, follow a failover to the promoted replica, and check every master's flags.
 */
class ClusterKeyspaceIT {
  static final List<String> EVENTS = List.of("set", "del", "expired");
  static final String FLAGS = KeyspaceFlags.required(EVENTS);
  static final String PREFIX = "cachesync:books:";
  static RedisCluster cluster;

  final RecordingSink sink = new RecordingSink();
  KeyspaceListener listener;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
    // on every node, replicas included, as the operator sets them: a promoted replica sends them
    for (ClusterNode node : cluster.nodes()) {
      node.address().command("CONFIG", "SET", "notify-keyspace-events", FLAGS);
    }
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void stop() {
    if (listener != null) listener.close();
  }

  KeyspaceListener listen() {
    listener =
        new KeyspaceListener(
            RedisConfig.cluster(cluster.seed().uri()),
            new KeyspaceNotificationsConfig(EVENTS),
            new KeyPrefixes(Map.of(PREFIX, "books")),
            new EchoFilter(),
            sink);
    listener.start();
    return listener;
  }

  /** A key under the prefix on each master, as a plain cluster client would write them. */
  static Map<RedisAddress, String> keyPerMaster() {
    Map<RedisAddress, String> keys = new LinkedHashMap<>();
    int masters = cluster.masters().size();
    for (int i = 0; keys.size() < masters; i++) {
      String key = "k" + i;
      keys.putIfAbsent(cluster.masterFor(PREFIX + key), key);
    }
    return keys;
  }

  @Test
  @DisplayName(
      "keys written on each master reach the listener; after the master of one is SIGKILLed and its"
          + " replica promoted, the loss is reported and that key's events arrive again")
  void everyMasterAndFailover() {
    listen();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> listener.subscribed() && sink.lastState() == State.ENABLED);
    assertThat(sink.lastDetail()).contains("every master");
    Map<RedisAddress, String> keys = keyPerMaster();
    assertThat(keys).hasSize(3);
    keys.forEach((master, key) -> master.command("SET", PREFIX + key, "v"));
    for (String key : keys.values()) {
      await().until(() -> sink.events.contains(new Event("books", key, UPDATED)));
    }
    assertThat(sink.missed).hasValue(0);

    // a master that still has a replica
    RedisAddress victim =
        keys.keySet().stream()
            .filter(
                m -> {
                  String id =
                      cluster.nodes().stream()
                          .filter(n -> n.address().equals(m))
                          .findFirst()
                          .orElseThrow()
                          .id();
                  return cluster.nodes().stream()
                      .anyMatch(n -> !n.isMaster() && !n.failed() && id.equals(n.masterId()));
                })
            .findFirst()
            .orElseThrow();
    String key = keys.get(victim);
    cluster.killMaster(victim);
    await().atMost(Duration.ofSeconds(10)).until(() -> !listener.subscribed());
    RedisAddress promoted = cluster.awaitFailover();
    await().atMost(Duration.ofSeconds(20)).until(() -> listener.subscribed());
    assertThat(sink.missed.get()).isPositive();
    assertThat(cluster.masterFor(PREFIX + key)).isEqualTo(promoted);

    sink.events.clear();
    promoted.command("SET", PREFIX + key, "v2");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sink.events.contains(new Event("books", key, UPDATED)));
    await().until(() -> sink.lastState() == State.ENABLED);
    assertThat(sink.lastDetail()).contains(promoted.toString()).doesNotContain(victim.toString());
  }

  @Test
  @DisplayName(
      "a master without the flags makes the status DISABLED, naming that master and the command")
  void masterWithoutFlags() {
    RedisAddress bare = cluster.masters().get(0).address();
    bare.command("CONFIG", "SET", "notify-keyspace-events", "");
    try {
      listen();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> listener.subscribed() && sink.lastState() == State.DISABLED);
      assertThat(sink.lastDetail())
          .contains("master " + bare)
          .contains("CONFIG SET notify-keyspace-events");
      for (ClusterNode m : cluster.masters()) {
        if (!m.address().equals(bare))
          assertThat(sink.lastDetail()).doesNotContain(m.address().toString());
      }
    } finally {
      bare.command("CONFIG", "SET", "notify-keyspace-events", FLAGS);
    }
  }
}
