package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisSentinels;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A Sentinel CacheSync on real sentinels, a master and a replica: the operator asks the sentinels
 * for the data nodes, keeps the keyspace flags on both, follows a failover, and gives the flags
 * back on every node on deletion.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelKeyspaceFlagsIT extends OperatorOnMockServer {
  static RedisSentinels sentinels;

  @BeforeAll
  static void startSentinels() {
    KeyspaceFlagsDependentResource.pollEvery = Duration.ofSeconds(1);
    sentinels = RedisSentinels.start();
  }

  @AfterAll
  static void stopSentinels() {
    KeyspaceFlagsDependentResource.pollEvery = KeyspaceFlagsDependentResource.POLL;
    sentinels.close();
  }

  static CacheSync sentinel(String name) {
    return CacheSyncs.minimal(NS, name, sentinels.sentinelUri(), RedisMode.Sentinel);
  }

  static String flags(RedisAddress node) {
    String reply = sentinels.dataCommand(node, "CONFIG", "GET", "notify-keyspace-events");
    return reply.substring(reply.indexOf(',') + 1).replaceAll("[\\[\\] ]", "");
  }

  @Test
  @Order(1)
  @DisplayName(
      "without keyspace events: RedisReachable=True Answered naming master and replica, and Ready")
  void inspected() {
    client.resource(sentinel("plain")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> is("plain", "Ready", "True"));
    var reachable = conditionOf("plain", "RedisReachable");
    assertThat(reachable.getStatus()).isEqualTo("True");
    assertThat(reachable.getReason()).isEqualTo("Answered");
    assertThat(reachable.getMessage())
        .contains(sentinels.dataNodes().get(0) + " (master)")
        .contains(sentinels.dataNodes().get(1) + " (replica)");
  }

  @Test
  @Order(2)
  @DisplayName(
      "keyspace flags on master and replica; after a failover on the new master and on the old one once back; deletion takes them back from both")
  void flagsFollowFailover() {
    client.resource(CacheSyncs.withEvents(sentinel("events"), KeyspaceEvent.del)).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> is("events", "Ready", "True"));
    assertThat(conditionOf("events", "KeyspaceNotifications").getReason()).isEqualTo("Enabled");
    RedisAddress oldMaster = sentinels.dataNodes().get(0);
    RedisAddress replica = sentinels.dataNodes().get(1);
    assertThat(flags(oldMaster)).contains("E", "g");
    assertThat(flags(replica)).contains("E", "g");

    // the ledger must have reached the replica before the master dies (replication is async)
    assertThat(sentinels.dataCommand(oldMaster, "WAIT", "1", "5000")).isEqualTo("1");
    sentinels.killMaster();
    RedisAddress newMaster = sentinels.awaitFailover();
    assertThat(newMaster).isEqualTo(replica);
    // the keyspace poll (every second here) sees the new roles, and the status follows
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(conditionOf("events", "KeyspaceNotifications").getMessage())
                    .contains("covers 'Eg' on " + newMaster + " (master)"));
    assertThat(flags(newMaster)).contains("E", "g");
    assertThat(is("events", "KeyspaceNotifications", "True")).isTrue();
    assertThat(conditionOf("events", "RedisReachable").getMessage())
        .contains(newMaster + " (master)");

    // restarted without the flags it had: the operator sets them on it again, now a replica
    sentinels.restartKilledMaster();
    assertThat(flags(oldMaster)).doesNotContain("g");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(flags(oldMaster)).contains("E", "g"));

    client.resources(CacheSync.class).inNamespace(NS).withName("events").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(CacheSync.class).inNamespace(NS).withName("events").get() == null);
    assertThat(flags(newMaster)).doesNotContain("E", "g");
    assertThat(flags(oldMaster)).doesNotContain("E", "g");
  }
}
