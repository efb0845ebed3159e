package io.cachesync.sidecar.tier.writebehind;

import static io.cachesync.sidecar.tier.writebehind.WriteBehindFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisMode;
import io.cachesync.sidecar.tier.L2Counters;
import io.cachesync.sidecar.tier.L2Tier;
import io.cachesync.sidecar.tier.RedisLink;
import io.cachesync.testsupport.RedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The flusher of a WriteBehind cache across the failover of the shard that holds its stream. */
class ClusterWriteBehindFailoverIT {
  static RedisCluster cluster;
  static RedisLink link;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start();
    link = new RedisLink(RedisConfig.cluster(cluster.seed().uri()));
    link.start(() -> {});
    await().until(() -> link.commands() != null);
  }

  @AfterAll
  static void stop() {
    if (link != null) link.close();
    if (cluster != null) cluster.close();
  }

  static ByteString v(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  @DisplayName(
      "the stream's master SIGKILLed: the flusher (blocking reads on its own cluster connection)"
          + " and appends resume on the promoted replica, and every write reaches the store")
  void flusherFollowsFailover() {
    WriteBehindStream stream =
        new WriteBehindStream(
            WriteBehindStream.keyFor("cs", "orders", RedisMode.Cluster), link::commands);
    L2Tier l2 =
        new L2Tier(
                link,
                new L2Config(true, "cs:l2:{orders}:", null),
                60_000,
                "pod-a",
                10_000,
                k -> {},
                k -> {},
                new L2Counters())
            .readingPendingWrites(stream);
    RecordingStore store = RecordingStore.working();
    try (WriteBehindFlusher flusher =
        new WriteBehindFlusher(
            "orders",
            stream,
            "pod-a",
            config(Duration.ofMillis(50), 100, Duration.ofSeconds(30), Duration.ofMillis(500)),
            store,
            link::dedicated)) {
      flusher.start();
      l2.writeBehind(stream, "before", v("1"), false, 0).join();
      await().until(() -> store.latest().containsKey("before"));

      cluster.awaitReplicasInSync();
      cluster.killMaster(cluster.masterFor(stream.key()));
      cluster.awaitFailover();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> l2.writeBehind(stream, "after", v("2"), false, 0).join() != null);

      await().atMost(Duration.ofSeconds(30)).until(() -> store.latest().containsKey("after"));
      assertThat(store.latest().get("after").getValue()).isEqualTo(v("2"));
      assertThat(l2.read("after", 1).join().value()).isEqualTo(v("2"));
      await().until(() -> stream.depth().join() == 0);
    }
  }
}
