package io.cachesync.sidecar;

import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.SyncConfig;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import java.util.UUID;

/** Sidecar configs on a {@link RedisCluster}, and channels placed where a test needs them. */
final class ClusterChannels {
  private ClusterChannels() {}

  /** The key whose slot carries the frames: the channel, or the stream key in Stream mode. */
  static String carrier(SyncConfig sync) {
    return sync.delivery() == Delivery.Stream ? sync.streamKey() : sync.channel();
  }

  /**
   * A fresh channel name whose carrier's master still has a live replica, so a test on a cluster
   * that already lost a master can fail over the carrier's master again.
   */
  static String channelWithReplica(RedisCluster cluster, Delivery delivery) {
    for (int i = 0; i < 1_000; i++) {
      String channel = "cachesync.test." + UUID.randomUUID();
      SyncConfig sync = SyncConfig.defaults().withChannel(channel).withDelivery(delivery);
      RedisAddress master = cluster.masterFor(carrier(sync));
      var nodes = cluster.nodes();
      String masterId =
          nodes.stream().filter(n -> n.address().equals(master)).findFirst().orElseThrow().id();
      boolean replicated =
          nodes.stream()
              .anyMatch(n -> !n.isMaster() && !n.failed() && masterId.equals(n.masterId()));
      if (replicated) return channel;
    }
    throw new IllegalStateException("no master with a live replica: " + cluster.nodes());
  }

  static boolean isMasterWithSlots(ClusterNode n) {
    return n.isMaster() && !n.failed() && !n.slots().isEmpty();
  }
}
