package io.cachesync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class RedisClusterTest {

  private static final List<String> KEYS =
      IntStream.range(0, 30).mapToObj(i -> "key-" + i).toList();

  @Test
  @DisplayName(
      "three masters serve keys of every shard through redirection, and a killed master's replica"
          + " takes over its slots")
  void servesAndFailsOver() {
    Set<Long> before = childProcesses();
    List<RedisAddress> everything;
    try (RedisCluster cluster = RedisCluster.start()) {
      List<ClusterNode> nodes = cluster.nodes();
      everything = nodes.stream().map(ClusterNode::address).toList();
      assertThat(childProcesses()).as("six nodes").hasSize(before.size() + 6);
      List<ClusterNode> masters = cluster.masters();
      assertThat(masters).hasSize(3);
      assertThat(
              masters.stream()
                  .flatMap(m -> m.slots().stream())
                  .mapToInt(r -> r.to() - r.from() + 1)
                  .sum())
          .isEqualTo(RedisCluster.SLOTS);
      Set<String> masterIds = masters.stream().map(ClusterNode::id).collect(Collectors.toSet());
      assertThat(nodes.stream().filter(n -> !n.isMaster()).map(ClusterNode::masterId))
          .as("one replica per master")
          .containsExactlyInAnyOrderElementsOf(masterIds);

      assertThatThrownBy(cluster::awaitFailover)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("killMaster(node)");
      RedisAddress aReplica =
          nodes.stream().filter(n -> !n.isMaster()).findFirst().orElseThrow().address();
      assertThatThrownBy(() -> cluster.killMaster(aReplica))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a serving master");

      withClusterClient(
          cluster, connection -> KEYS.forEach(k -> connection.sync().set(k, k + "=v")));
      Map<RedisAddress, List<String>> keysByMaster =
          KEYS.stream().collect(Collectors.groupingBy(cluster::masterFor));
      assertThat(keysByMaster).as("the keys spread over every master").hasSize(3);
      keysByMaster.forEach(
          (master, keys) -> {
            keys.forEach(k -> assertThat(master.command("GET", k)).isEqualTo(k + "=v"));
            RedisAddress other =
                keysByMaster.keySet().stream().filter(m -> !m.equals(master)).findFirst().get();
            assertThat(other.command("GET", keys.get(0)))
                .as("a node that does not hold the key redirects")
                .startsWith("MOVED " + cluster.slotOf(keys.get(0)) + " " + master);
          });
      String channel = "cachesync:{orders}";
      assertThat(cluster.masterFor(channel).command("SPUBLISH", channel, "m"))
          .as("the shard channel's master takes SPUBLISH")
          .isEqualTo("0");

      cluster.awaitReplicasInSync();
      RedisAddress victim = cluster.masterFor(KEYS.get(0));
      ClusterNode killed = cluster.killMaster(victim);
      RedisAddress promoted = cluster.awaitFailover();

      assertThat(promoted).isNotEqualTo(victim);
      assertThat(cluster.masterFor(KEYS.get(0))).isEqualTo(promoted);
      assertThat(cluster.nodes())
          .filteredOn(n -> n.id().equals(killed.id()))
          .singleElement()
          .matches(ClusterNode::failed, "marked failed");
      assertThat(cluster.masters()).hasSize(3);
      withClusterClient(
          cluster,
          connection -> {
            KEYS.forEach(k -> assertThat(connection.sync().get(k)).isEqualTo(k + "=v"));
            assertThat(connection.sync().set(KEYS.get(0), "after")).isEqualTo("OK");
          });
      assertThatThrownBy(() -> victim.command("PING")).isInstanceOf(UncheckedIOException.class);
    }
    assertThat(childProcesses()).as("no redis-server left behind").isSubsetOf(before);
    for (RedisAddress address : everything) {
      assertThatThrownBy(() -> address.command("PING"))
          .as("%s is closed", address)
          .isInstanceOf(UncheckedIOException.class);
    }
  }

  @Test
  @DisplayName(
      "one replica with arguments of its own (CONFIG renamed away), and a replica killed is flagged failed while every slot is served")
  void oneReplicaUnlikeTheOthers() {
    try (RedisCluster cluster =
        RedisCluster.startWithArgsOnOneReplica("--rename-command", "CONFIG", "")) {
      RedisAddress odd = cluster.nodeWithExtraArgs();
      assertThat(cluster.nodes())
          .filteredOn(n -> n.address().equals(odd))
          .singleElement()
          .satisfies(n -> assertThat(n.isMaster()).isFalse());
      assertThat(odd.command("CONFIG", "GET", "maxmemory")).startsWith("ERR unknown command");
      assertThat(cluster.seed().command("CONFIG", "GET", "maxmemory")).contains("maxmemory");

      RedisAddress master = cluster.masters().get(0).address();
      assertThatThrownBy(() -> cluster.killReplica(master))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a replica");
      cluster.killReplica(odd);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> cluster.nodes().stream().anyMatch(n -> n.address().equals(odd) && n.failed()));
      assertThat(RedisInfo.field(cluster.seed().command("CLUSTER", "INFO"), "cluster_state"))
          .contains("ok");
    }
  }

  @Test
  @DisplayName("a CLUSTER NODES line gives id, address, role, master, failure and served slots")
  void parsesClusterNodesLines() {
    ClusterNode replica =
        ClusterNode.parse(
            "07c3 127.0.0.1:30004@31004,host4 slave e7d1 0 1426238317239 4 connected");
    assertThat(replica.address()).isEqualTo(new RedisAddress("127.0.0.1", 30004));
    assertThat(replica.role()).isEqualTo(ClusterNode.Role.REPLICA);
    assertThat(replica.masterId()).isEqualTo("e7d1");
    assertThat(replica.slots()).isEmpty();

    ClusterNode master =
        ClusterNode.parse(
            "e7d1 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5460 6000"
                + " [5461->-07c3]");
    assertThat(master.isMaster()).isTrue();
    assertThat(master.masterId()).isNull();
    assertThat(master.failed()).isFalse();
    assertThat(master.serves(5460)).isTrue();
    assertThat(master.serves(6000)).isTrue();
    assertThat(master.serves(5461)).as("a migrating slot is not served").isFalse();

    assertThat(ClusterNode.parse("aa 127.0.0.1:1@2 master,fail - 0 0 1 disconnected").failed())
        .isTrue();
    assertThat(ClusterNode.parse("aa 127.0.0.1:1@2 master,fail? - 0 0 1 connected").failed())
        .as("suspected is not failed")
        .isFalse();
  }

  private static void withClusterClient(
      RedisCluster cluster, Consumer<StatefulRedisClusterConnection<String, String>> use) {
    RedisClusterClient client = RedisClusterClient.create(cluster.seed().uri());
    try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
      use.accept(connection);
    } finally {
      client.shutdown();
    }
  }

  /**
   * The live processes this JVM started. Children only: a master forks to feed a syncing replica.
   * Not filtered by name: Debian's redis-server is a link to redis-check-rdb.
   */
  private static Set<Long> childProcesses() {
    return ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }
}
