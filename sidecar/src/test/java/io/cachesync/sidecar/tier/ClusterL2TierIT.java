package io.cachesync.sidecar.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** L2 on a Redis Cluster of 3 masters and 3 replicas: keys over slots, scripts split by slot. */
class ClusterL2TierIT {
  static RedisCluster cluster;
  static RedisLink link;
  final List<String> expected = new CopyOnWriteArrayList<>();
  final List<String> withdrawn = new CopyOnWriteArrayList<>();
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

  /** A tier under a prefix of this test's own, so tests never see each other's keys. */
  L2Tier tier(TestInfo test, String owner) {
    return tier(link, test, owner);
  }

  L2Tier tier(RedisLink on, TestInfo test, String owner) {
    return new L2Tier(
        on,
        new L2Config(true, "cs:" + test.getTestMethod().orElseThrow().getName() + ":", null),
        60_000,
        owner,
        10_000,
        expected::add,
        withdrawn::add,
        counters);
  }

  static List<String> keys(int n) {
    return IntStream.range(0, n).mapToObj(i -> "k" + i).toList();
  }

  /** Values under the tier's prefix, written straight, one SET per key. */
  static void setAll(L2Tier l2, List<String> keys) {
    keys.stream()
        .map(k -> link.commands().set(l2.redisKey(k), new byte[] {1}).toCompletableFuture())
        .toList()
        .forEach(CompletableFuture::join);
  }

  static ByteString v(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  @DisplayName("a cache's L2 keys spread over the masters: no hash tag pins them to one shard")
  void spread(TestInfo test) {
    L2Tier l2 = tier(test, "pod-a");
    for (String k : keys(30)) {
      assertThat(l2.read(k, 1).join().storeMayAnswer()).isTrue();
      assertThat(l2.fill(k, v("v-" + k), 0, 1).join()).as(k).isTrue();
    }
    Map<String, Long> perMaster = ClusterNodes.keysPerMaster(cluster, l2.prefix() + "*");
    assertThat(perMaster.values().stream().filter(n -> n > 0)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(perMaster.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
  }

  @Test
  @DisplayName(
      "a GetMany over keys of many slots, the first call of a fresh link, takes a lease per key,"
          + " fills land, and a second read answers every key (no CROSSSLOT, no refused node)")
  void readManyOverSlots(TestInfo test) {
    try (RedisLink fresh = new RedisLink(RedisConfig.cluster(cluster.seed().uri()))) {
      fresh.start(() -> {});
      await().until(() -> fresh.commands() != null);
      readManyOverSlots(tier(fresh, test, "pod-a"));
    }
  }

  void readManyOverSlots(L2Tier l2) {
    List<String> keys = keys(40);
    Map<String, L2Read> first = l2.readMany(keys, 7).join();
    assertThat(first).hasSize(40);
    assertThat(first.values()).allSatisfy(r -> assertThat(r.storeMayAnswer()).isTrue());
    assertThat(counters.readFailures()).as("no group was refused").isZero();
    for (String k : keys.subList(0, 20)) assertThat(l2.fill(k, v("v-" + k), 0, 7).join()).isTrue();

    Map<String, L2Read> second = l2.readMany(keys, 8).join();
    for (String k : keys.subList(0, 20)) assertThat(second.get(k).value()).isEqualTo(v("v-" + k));
    for (String k : keys.subList(20, 40)) {
      assertThat(second.get(k).found()).as("%s: still leased, no value", k).isFalse();
    }
    assertThat(counters.readFailures()).isZero();
  }

  @Test
  @DisplayName("a lease on a cluster: another pod's miss takes none, and its fill lands nowhere")
  void leases(TestInfo test) {
    L2Tier a = tier(test, "pod-a");
    L2Tier b = tier(test, "pod-b");
    assertThat(a.read("x", 1).join().storeMayAnswer()).isTrue();
    assertThat(b.read("x", 2).join().found()).isFalse();
    assertThat(b.fill("x", v("from-b"), 0, 2).join()).as("b holds no lease").isFalse();
    assertThat(a.fill("x", v("from-a"), 0, 1).join()).isTrue();
    assertThat(b.read("x", 3).join().value()).isEqualTo(v("from-a"));
  }

  @Test
  @DisplayName("a Delete over keys of many slots removes every one, and reports success")
  void deleteOverSlots(TestInfo test) {
    L2Tier l2 = tier(test, "pod-a");
    List<String> keys = keys(40);
    setAll(l2, keys);
    assertThat(ClusterNodes.keysPerMaster(cluster, l2.prefix() + "*").values())
        .filteredOn(n -> n > 0)
        .hasSizeGreaterThanOrEqualTo(2);

    assertThat(l2.delete(keys).join()).isTrue();
    assertThat(ClusterNodes.keysPerMaster(cluster, l2.prefix() + "*").values())
        .allSatisfy(n -> assertThat(n).isZero());
    assertThat(l2.writeFailures()).isZero();
  }

  @Test
  @DisplayName("InvalidateAll's SCAN + UNLINK empties the prefix on every master, node by node")
  void clearEveryMaster(TestInfo test) {
    L2Tier l2 = tier(test, "pod-a");
    setAll(l2, keys(2_000)); // more than a SCAN page (500) per master
    Map<String, Long> before = ClusterNodes.keysPerMaster(cluster, l2.prefix() + "*");
    assertThat(before.values()).hasSize(3).allSatisfy(n -> assertThat(n).isGreaterThan(550));
    String otherCache = "cs:other:kept";
    link.commands().set(otherCache, new byte[] {1}).toCompletableFuture().join();

    assertThat(l2.clear().join()).isTrue();
    assertThat(ClusterNodes.keysPerMaster(cluster, l2.prefix() + "*"))
        .as("every master, after the clear")
        .allSatisfy((node, n) -> assertThat(n).as(node).isZero());
    assertThat(link.commands().exists(otherCache).toCompletableFuture().join())
        .as("a key outside the prefix stays")
        .isEqualTo(1L);
  }
}
