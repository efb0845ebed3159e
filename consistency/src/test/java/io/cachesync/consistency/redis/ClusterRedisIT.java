package io.cachesync.consistency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachesync.testsupport.RedisAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The checker's side of {@code --topology Cluster}, on a real 3+3 cluster without sidecars (the
 * sidecar's Cluster mode is tested where it is built): the channel's shard found by slot, sharded
 * Pub/Sub for the faults that publish and count subscribers, keyspace events on the replicas too,
 * and the failover of the channel's master.
 */
class ClusterRedisIT {
  private static final String CHANNEL = "cachesync.consistency.cluster-it";

  @Test
  @DisplayName(
      "on a cluster the channel's master is found by slot, SPUBLISH reaches a shard subscriber,"
          + " and after its master is killed the promoted replica serves it, keyspace events on")
  void channelShardAndFailover() throws Exception {
    try (RedisUnderTest redis = RedisUnderTest.start(Topology.CLUSTER, true)) {
      assertThat(redis.url()).startsWith("redis://127.0.0.1:");
      assertThatThrownBy(redis::server).hasMessageContaining("not one server");
      RedisAddress master = redis.nodeFor(CHANNEL);

      try (Socket sub = new Socket(master.host(), master.port())) {
        sub.setSoTimeout(5_000);
        sub.getOutputStream().write(resp("SSUBSCRIBE", CHANNEL));
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.subscribers(CHANNEL) == 1);
        redis.publish(CHANNEL, "hello-shard");
        assertThat(readUntil(sub.getInputStream(), "hello-shard")).contains("smessage");
      }

      String killed = redis.killMasterOf(CHANNEL);
      assertThat(killed).contains(master.toString());
      String promoted = redis.awaitFailover();
      RedisAddress now = redis.nodeFor(CHANNEL);
      assertThat(now.toString()).isEqualTo(promoted).isNotEqualTo(master.toString());
      // set while it was a replica: a promoted node must already send keyspace events
      String flags = now.command("CONFIG", "GET", "notify-keyspace-events");
      assertThat(flags.substring(flags.indexOf(", ") + 2)).contains("A").contains("E");
    }
  }

  private static byte[] resp(String... args) {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String readUntil(InputStream in, String wanted) throws IOException {
    StringBuilder seen = new StringBuilder();
    byte[] buf = new byte[1024];
    while (!seen.toString().contains(wanted)) {
      int n = in.read(buf);
      if (n < 0) break;
      seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
    return seen.toString();
  }
}
