package io.cachesync.sidecar.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.RedisMode;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** L2 across the failover of a shard master: misses while it is down, the newest value after. */
class ClusterFailoverL2IT {
  static RedisCluster cluster;
  static RedisLink link;
  final L2Counters counters = new L2Counters();

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
      "a SIGKILLed shard master: its keys read as misses (never an older value), a WriteBehind"
          + " cache on it as unknown (the store must not answer), other shards answer; after the"
          + " failover the tier answers with the newest values")
  void failover() {
    L2Tier l2 =
        new L2Tier(
            link,
            new L2Config(true, "cs:failover:", null),
            60_000,
            "pod-a",
            10_000,
            k -> {},
            k -> {},
            counters);
    String key = "k0";
    RedisAddress victim = cluster.masterFor(l2.redisKey(key));
    String elsewhere =
        IntStream.range(1, 100)
            .mapToObj(i -> "k" + i)
            .filter(k -> !cluster.masterFor(l2.redisKey(k)).equals(victim))
            .findFirst()
            .orElseThrow();
    // a WriteBehind cache whose stream (hence whole cache) sits on the shard that goes down
    String wbCache =
        IntStream.range(0, 100)
            .mapToObj(i -> "orders" + i)
            .filter(
                c ->
                    cluster
                        .masterFor(WriteBehindStream.keyFor("cs", c, RedisMode.Cluster))
                        .equals(victim))
            .findFirst()
            .orElseThrow();
    WriteBehindStream stream =
        new WriteBehindStream(
            WriteBehindStream.keyFor("cs", wbCache, RedisMode.Cluster), link::commands);
    L2Tier wb =
        new L2Tier(
                link,
                new L2Config(true, "cs:l2:{" + wbCache + "}:", null),
                60_000,
                "pod-a",
                10_000,
                k -> {},
                k -> {},
                new L2Counters())
            .readingPendingWrites(stream);
    wb.writeBehind(stream, "w", v("unflushed"), false, 0).join();
    fill(l2, key, "old", 1);
    fill(l2, elsewhere, "there", 2);
    // a write: L2 drops the old value, and the next miss fills the new one
    assertThat(l2.markWritten(key, 0).join()).isTrue();
    fill(l2, key, "newest", 3);
    cluster.awaitReplicasInSync(); // replication is asynchronous: see docs/consistency.md

    cluster.killMaster(victim);
    for (int i = 0; i < 3; i++) {
      long failures = l2.readFailures();
      L2Read whileDown = l2.read(key, 4).join();
      assertThat(whileDown.found()).as("a shard that cannot answer is a miss").isFalse();
      assertThat(whileDown.storeMayAnswer()).isTrue();
      assertThat(l2.readFailures()).as("and counted as a failed read").isGreaterThan(failures);
    }
    assertThat(l2.read(elsewhere, 5).join().value())
        .as("other shards answer")
        .isEqualTo(v("there"));
    L2Read wbDown = wb.read("w", 5).join();
    assertThat(wbDown.pendingUnknown())
        .as("a WriteBehind key whose stream cannot be read: unknown, not a miss")
        .isTrue();
    assertThat(wbDown.storeMayAnswer()).as("the store may lack its unflushed write").isFalse();

    cluster.awaitFailover();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(l2.read(key, 6).join().value()).isEqualTo(v("newest")));
    assertThat(wb.read("w", 8).join().value()).isEqualTo(v("unflushed"));
    assertThat(l2.delete(java.util.List.of(key, elsewhere)).join()).isTrue();
    assertThat(l2.read(key, 7).join().found()).isFalse();
  }

  private static void fill(L2Tier l2, String key, String value, long token) {
    assertThat(l2.read(key, token).join().storeMayAnswer()).isTrue();
    assertThat(l2.fill(key, v(value), 0, token).join()).as(key).isTrue();
  }
}
