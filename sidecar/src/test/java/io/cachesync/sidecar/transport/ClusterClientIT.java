package io.cachesync.sidecar.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sidecar's cluster client across a failover: what its slot map keeps. */
class ClusterClientIT {
  static RedisCluster cluster;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
  }

  @Test
  @DisplayName(
      "a master the cluster marked failed leaves the client's slot map (no endless reconnects to it),"
          + " and its slots are served by the promoted replica")
  void failedNodeLeavesTheSlotMap() {
    RedisClusterClient client =
        (RedisClusterClient) RedisClients.client(RedisConfig.cluster(cluster.seed().uri()));
    try (StatefulRedisClusterConnection<String, String> c = client.connect(StringCodec.UTF8)) {
      // a node's first connection is opened on its first command, which is rejected meanwhile
      await().atMost(Duration.ofSeconds(10)).until(() -> set(c, "before"));
      RedisAddress dead = cluster.masterFor("k");
      cluster.killMaster(dead);
      RedisAddress promoted = cluster.awaitFailover();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                client.refreshPartitions();
                List<String> listed =
                    client.getPartitions().stream().map(ClusterClientIT::hostPort).toList();
                assertThat(listed).doesNotContain(dead.toString()).contains(promoted.toString());
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> set(c, "after"));
      assertThat(c.sync().get("k")).isEqualTo("after");
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  static boolean set(StatefulRedisClusterConnection<String, String> c, String value) {
    try {
      return "OK".equals(c.sync().set("k", value));
    } catch (RuntimeException e) {
      return false; // the slot map has not caught up yet
    }
  }

  static String hostPort(RedisClusterNode n) {
    return n.getUri().getHost() + ":" + n.getUri().getPort();
  }
}
