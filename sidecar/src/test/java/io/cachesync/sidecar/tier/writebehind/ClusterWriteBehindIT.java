package io.cachesync.sidecar.tier.writebehind;

import static io.cachesync.sidecar.tier.writebehind.WriteBehindFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisMode;
import io.cachesync.sidecar.tier.ClusterNodes;
import io.cachesync.sidecar.tier.L2Counters;
import io.cachesync.sidecar.tier.L2Read;
import io.cachesync.sidecar.tier.L2Tier;
import io.cachesync.sidecar.tier.RedisLink;
import io.cachesync.testsupport.RedisCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A WriteBehind cache on a Redis Cluster: its stream, marks and L2 share one slot. */
class ClusterWriteBehindIT {
  static final String CHANNEL = "cs.shop";
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

  /** The cache as the sidecar's config settles it on a cluster: the tagged default prefix. */
  static CacheConfig orders() {
    return ConfigLoader.parse(
            """
            redis: {url: '%s', mode: Cluster}
            sync: {channel: %s}
            loader: {target: 127.0.0.1:7071}
            caches:
              - {name: orders, strategy: WriteBehind}
            """
                .formatted(cluster.seed().uri(), CHANNEL))
        .cache("orders")
        .orElseThrow();
  }

  static ByteString v(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  @DisplayName(
      "appends land on one shard, an unflushed key reads from its stream entry (L2 copy gone), an"
          + " unflushed delete is not read from the store, and the flusher stores every key")
  void appendReadFlush() {
    CacheConfig cache = orders();
    WriteBehindStream stream =
        new WriteBehindStream(
            WriteBehindStream.keyFor(CHANNEL, "orders", RedisMode.Cluster), link::commands);
    L2Tier l2 =
        new L2Tier(link, cache.l2(), 60_000, "pod-a", 10_000, k -> {}, k -> {}, new L2Counters())
            .readingPendingWrites(stream);
    List<String> keys = IntStream.range(0, 30).mapToObj(i -> "o" + i).toList();
    for (String k : keys) l2.writeBehind(stream, k, v("v-" + k), false, 0).join();
    l2.writeBehind(stream, "gone", v("x"), false, 0).join();
    l2.writeBehind(stream, "gone", ByteString.EMPTY, true, 0).join();

    Map<String, Long> perMaster = ClusterNodes.keysPerMaster(cluster, CHANNEL + ":*");
    assertThat(perMaster.values().stream().filter(n -> n > 0))
        .as("stream, pending marks and L2 copies on one shard: %s", perMaster)
        .hasSize(1);
    assertThat(perMaster.values().stream().mapToLong(Long::longValue).sum())
        .as("the stream, its pending marks and 30 L2 copies")
        .isEqualTo(32);

    // L2 lost its copy (eviction): the read answers from the unflushed entry, not the store
    link.commands().unlink(l2.redisKey("o3")).toCompletableFuture().join();
    assertThat(l2.read("o3", 1).join().value()).isEqualTo(v("v-o3"));
    L2Read deleted = l2.read("gone", 2).join();
    assertThat(deleted.found()).isFalse();
    assertThat(deleted.storeMayAnswer()).as("an unflushed delete").isFalse();
    assertThat(l2.readMany(keys, 3).join())
        .allSatisfy((k, r) -> assertThat(r.value()).as(k).isEqualTo(v("v-" + k)));

    RecordingStore store = RecordingStore.working();
    try (WriteBehindFlusher flusher =
        new WriteBehindFlusher(
            "orders",
            stream,
            "pod-a",
            config(Duration.ofMillis(50), 100, Duration.ofSeconds(30), null),
            store,
            link::dedicated)) {
      flusher.start();
      await().until(() -> store.latest().size() == 31);
      assertThat(store.latest())
          .allSatisfy(
              (k, e) -> {
                if (k.equals("gone")) assertThat(e.getDelete()).isTrue();
                else assertThat(e.getValue()).isEqualTo(v("v-" + k));
              });
      await().until(() -> stream.depth().join() == 0);
      await().until(() -> flusher.counters().queueDepth() == 0);
    }
    assertThat(link.commands().hlen(stream.pendingKey()).toCompletableFuture().join())
        .as("every pending mark cleared once stored")
        .isZero();
  }
}
