package io.cachesync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
class RedisSentinelsTest {

  @Test
  @DisplayName(
      "three sentinels agree on a serving master and promote the replica when it is killed")
  void failover() {
    Set<Long> before = redisProcesses();
    List<RedisAddress> everything;
    // a name and a password other than the defaults prove the options reach every process
    try (RedisSentinels topology =
        RedisSentinels.start(
            new RedisSentinels.Options("cache-a", null, null).withPassword("s3cret"))) {
      everything =
          Stream.concat(topology.sentinelAddresses().stream(), topology.dataNodes().stream())
              .toList();
      assertThat(topology.masterName()).isEqualTo("cache-a");
      assertThat(topology.sentinelUri())
          .matches(
              "redis-sentinel://s3cret@127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+#cache-a");
      assertThat(redisProcesses())
          .as("two data nodes and three sentinels")
          .hasSize(before.size() + 5);

      RedisAddress master = topology.master();
      RedisAddress replica = topology.dataNodes().get(1);
      assertThat(master).isEqualTo(topology.dataNodes().get(0));
      assertThat(master.command("SET", "k", "v")).as("without the password").startsWith("NOAUTH");
      assertThat(RedisCli.authenticated(master.host(), master.port(), "wrong", "PING"))
          .startsWith("WRONGPASS");
      assertThat(topology.dataCommand(master, "SET", "k", "v")).isEqualTo("OK");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> topology.dataCommand(replica, "GET", "k").equals("v"));

      assertThatThrownBy(topology::restartKilledMaster)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("killMaster()");
      assertThatThrownBy(topology::awaitFailover)
          .as("awaiting a failover before any kill says what to do")
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("killMaster()");

      assertThat(topology.killMaster()).isEqualTo(master);
      RedisAddress promoted = topology.awaitFailover();

      assertThat(promoted).isEqualTo(replica);
      assertThat(topology.master()).isEqualTo(replica);
      assertThat(topology.dataCommand(promoted, "ROLE")).startsWith("[master,");
      assertThat(topology.dataCommand(promoted, "GET", "k")).isEqualTo("v");
      assertThat(topology.dataCommand(promoted, "SET", "k2", "v2")).isEqualTo("OK");
      assertThatThrownBy(() -> master.command("PING")).isInstanceOf(UncheckedIOException.class);

      // back on its port, and the sentinels make it a replica of the new master
      assertThat(topology.restartKilledMaster()).isEqualTo(master);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> topology.dataCommand(master, "ROLE").startsWith("[slave,"));
    }
    assertThat(redisProcesses()).as("no redis-server left behind").isSubsetOf(before);
    for (RedisAddress address : everything) {
      assertThatThrownBy(() -> address.command("PING"))
          .as("%s is closed", address)
          .isInstanceOf(UncheckedIOException.class);
    }
  }

  @Test
  @DisplayName("by default the data nodes are open and the sentinels watch 'mymaster'")
  void defaults() {
    try (RedisSentinels topology = RedisSentinels.start()) {
      assertThat(topology.sentinelUri())
          .startsWith("redis-sentinel://127.0.0.1:")
          .endsWith("#mymaster");
      RedisAddress master = topology.master();
      assertThat(master.command("SET", "k", "v")).isEqualTo("OK");
      assertThat(topology.dataCommand(master, "GET", "k")).isEqualTo("v");
    }
  }

  @Test
  @DisplayName("a master name Sentinel cannot parse is refused before anything starts")
  void badMasterName() {
    assertThat(RedisSentinels.Options.defaults().masterName()).isEqualTo("mymaster");
    assertThatThrownBy(() -> new RedisSentinels.Options("my master", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("my master");
    assertThatThrownBy(() -> RedisSentinels.Options.defaults().withPassword("p@ss"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password");
  }

  /**
   * The live processes this JVM started. Children only: a master forks to feed a syncing replica.
   * Not filtered by name: Debian's redis-server is a link to redis-check-rdb.
   */
  private static Set<Long> redisProcesses() {
    return ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }
}
