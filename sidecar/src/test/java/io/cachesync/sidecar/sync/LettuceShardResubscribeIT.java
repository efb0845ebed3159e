package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.transport.RedisClients;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Pins what Lettuce 7.7 does with a shard subscription by itself, which is why {@link
 * ShardChannelSubscription} follows the slot: after the slot moves (Redis sends SUNSUBSCRIBE) and
 * after the master is SIGKILLed and its replica promoted, it subscribes nowhere again, though its
 * slot map knows the new master. If this fails after a Lettuce upgrade, the library may have
 * learned to do it; the bus's own follow then only needs to stay harmless.
 */
class LettuceShardResubscribeIT {

  @Test
  @DisplayName(
      "Lettuce 7.7 does not re-SSUBSCRIBE a shard channel after its slot moved, nor after a"
          + " failover of its master")
  void lettuceDoesNotFollow() {
    try (RedisCluster cluster = RedisCluster.start()) {
      RedisClusterClient client =
          (RedisClusterClient) RedisClients.client(RedisConfig.cluster(cluster.seed().uri()));
      try (StatefulRedisClusterPubSubConnection<String, String> sub =
          client.connectPubSub(StringCodec.UTF8)) {
        List<String> seen = new CopyOnWriteArrayList<>();
        sub.addListener(
            new RedisClusterPubSubAdapter<String, String>() {
              @Override
              public void ssubscribed(RedisClusterNode node, String channel, long count) {
                seen.add("ssubscribed " + channel + " " + node.getUri().getPort());
              }

              @Override
              public void sunsubscribed(RedisClusterNode node, String channel, long count) {
                seen.add("sunsubscribed " + channel + " " + node.getUri().getPort());
              }
            });
        RedisAddress killed = cluster.masters().get(0).address();
        RedisAddress moving = cluster.masters().get(1).address();
        String failing = channelOn(cluster, killed);
        String moved = channelOn(cluster, moving);
        for (String channel : List.of(failing, moved)) {
          await().ignoreExceptions().until(() -> subscribe(sub, channel));
        }
        await().until(() -> seen.size() == 2);

        RedisAddress to = cluster.masters().get(2).address();
        moveEmptySlot(cluster, cluster.slotOf(moved), moving, to);
        await().until(() -> seen.contains("sunsubscribed " + moved + " " + moving.port()));
        cluster.killMaster(killed);
        RedisAddress promoted = cluster.awaitFailover();
        client.refreshPartitions();
        assertThat(
                client.getPartitions().getMasterBySlot(cluster.slotOf(failing)).getUri().getPort())
            .isEqualTo(promoted.port());
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(4))
            .until(() -> seen.size() == 3);
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }

  private static boolean subscribe(
      StatefulRedisClusterPubSubConnection<String, String> sub, String channel) {
    sub.sync().ssubscribe(channel); // the first command to a node may be refused while it connects
    return true;
  }

  private static String channelOn(RedisCluster cluster, RedisAddress master) {
    for (int i = 0; ; i++) {
      String channel = "pin-" + i;
      if (cluster.masterFor(channel).equals(master)) return channel;
    }
  }

  private static void moveEmptySlot(
      RedisCluster cluster, int slot, RedisAddress from, RedisAddress to) {
    String s = Integer.toString(slot);
    String fromId = idOf(cluster, from);
    String toId = idOf(cluster, to);
    to.command("CLUSTER", "SETSLOT", s, "IMPORTING", fromId);
    from.command("CLUSTER", "SETSLOT", s, "MIGRATING", toId);
    for (ClusterNode master : cluster.masters()) {
      master.address().command("CLUSTER", "SETSLOT", s, "NODE", toId);
    }
  }

  private static String idOf(RedisCluster cluster, RedisAddress node) {
    return cluster.nodes().stream()
        .filter(n -> n.address().equals(node))
        .findFirst()
        .orElseThrow()
        .id();
  }
}
