package io.cachesync.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.testsupport.RedisCli;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The keyspace dependent polls its server, so a setting changed behind its back is repaired. */
class KeyspaceDriftIT extends OperatorOnMockServer {

  @BeforeAll
  static void quickPoll() {
    KeyspaceFlagsDependentResource.pollEvery = Duration.ofSeconds(1);
  }

  @AfterAll
  static void usualPoll() {
    KeyspaceFlagsDependentResource.pollEvery = KeyspaceFlagsDependentResource.POLL;
  }

  String setting() {
    String reply =
        RedisCli.command(redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events");
    return reply.substring(reply.indexOf(',') + 1).replaceAll("[\\[\\] ]", "");
  }

  @Test
  @DisplayName(
      "flags removed by hand come back at the next poll, without a spec change or the reconciler's recheck")
  void repaired() {
    client
        .resource(
            CacheSyncs.withEvents(CacheSyncs.minimal(NS, "drifts", redis.uri()), KeyspaceEvent.del))
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(setting()).contains("E", "g"));
    RedisCli.command(redis.host(), redis.port(), "CONFIG", "SET", "notify-keyspace-events", "");
    // well inside CacheSyncReconciler.RECHECK (60 s), which alone would not set them again
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(setting()).contains("E", "g"));
    CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName("drifts").get();
    assertThat(cs.getStatus().getKeyspaceFlagsServer()).isEqualTo("127.0.0.1:" + redis.port());
  }
}
