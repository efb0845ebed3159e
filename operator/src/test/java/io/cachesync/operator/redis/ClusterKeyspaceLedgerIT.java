package io.cachesync.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.operator.model.KeyspaceEvent;
import io.cachesync.operator.model.KeyspaceNotificationsSpec;
import io.cachesync.operator.model.RedisMode;
import io.cachesync.testsupport.ClusterNode;
import io.cachesync.testsupport.RedisAddress;
import io.cachesync.testsupport.RedisCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keyspace flags on a real 3 + 3 Redis Cluster: the operator finds every node from one seed, sets
 * the flags on each, replicas included, keeps one ledger on the master of its key's slot, and gives
 * back what it added on every node.
 */
class ClusterKeyspaceLedgerIT {
  static RedisCluster cluster;
  static RedisInspector inspector;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start();
    inspector = new RedisInspector();
  }

  @AfterAll
  static void stop() {
    inspector.close();
    cluster.close();
  }

  static String flags(RedisAddress node) {
    String reply = node.command("CONFIG", "GET", "notify-keyspace-events");
    return reply.substring(reply.indexOf(',') + 1).replaceAll("[\\[\\] ]", "");
  }

  static List<RedisAddress> everyNode() {
    return cluster.nodes().stream().map(ClusterNode::address).toList();
  }

  @Test
  @DisplayName(
      "register sets the flags on all six nodes and records them on the ledger's master; release takes them back from each")
  void registerAndRelease() {
    RedisAccess access = new RedisAccess(cluster.seed().uri(), null, null, RedisTrust.DEFAULT);
    KeyspaceNotificationsSpec spec = new KeyspaceNotificationsSpec();
    spec.setEvents(List.of(KeyspaceEvent.del));
    assertThat(inspector.inspect(RedisMode.Cluster, access, spec).keyspace())
        .isEqualTo(RedisFacts.KeyspaceState.MISSING);

    KeyspaceRegistration made = inspector.register(access, RedisMode.Cluster, "uid-1", "Eg", "");
    assertThat(made.state()).as(made.message()).isEqualTo(KeyspaceRegistration.State.REGISTERED);
    assertThat(everyNode()).hasSize(6).allSatisfy(n -> assertThat(flags(n)).contains("E", "g"));
    String ledger = cluster.masterFor(KeyspaceLedger.KEY).command("HGETALL", KeyspaceLedger.KEY);
    assertThat(ledger).contains("uid-1");
    assertThat(ledger.split(TopologyLedger.ADDED_AT, -1)).hasSize(7);
    RedisFacts facts = inspector.inspect(RedisMode.Cluster, access, spec);
    assertThat(facts.keyspace())
        .as(facts.keyspaceMessage())
        .isEqualTo(RedisFacts.KeyspaceState.ENABLED);
    assertThat(facts.everyNode()).isTrue();
    assertThat(inspector.observe(access, RedisMode.Cluster, "uid-1").covers("Eg")).isTrue();

    FlagsWithdrawal back = inspector.release(access, RedisMode.Cluster, "uid-1", "");
    assertThat(back.reached()).as(back.message()).isTrue();
    assertThat(everyNode()).allSatisfy(n -> assertThat(flags(n)).doesNotContain("E", "g"));
    assertThat(cluster.masterFor(KeyspaceLedger.KEY).command("EXISTS", KeyspaceLedger.KEY))
        .isEqualTo("0");
  }

  /** The operator's additions for Sentinel and Cluster, as docs/security.md gives them. */
  static List<String> documentedClusterRule() throws Exception {
    String doc = Files.readString(Path.of("../docs/security.md"));
    Matcher m = Pattern.compile("```acl-operator-topology\\n([^\\n]+)\\n```").matcher(doc);
    assertThat(m.find()).as("docs/security.md has an ```acl-operator-topology block").isTrue();
    return List.of(m.group(1).split("\\s+"));
  }

  @Test
  @DisplayName(
      "the documented sidecar rule plus the operator's and the cluster's additions, on every node: registering and releasing work, ACL LOG stays empty")
  void documentedAcl() throws Exception {
    List<String> rule = new ArrayList<>(PrivilegeProbeIT.documentedUser());
    rule.remove(0); // --user: the same words follow ACL SETUSER
    rule.addAll(KeyspaceLedgerIT.documentedOperatorRule());
    rule.addAll(documentedClusterRule());
    for (RedisAddress node : everyNode()) {
      List<String> setUser = new ArrayList<>(List.of("ACL", "SETUSER"));
      setUser.addAll(rule);
      assertThat(node.command(setUser.toArray(String[]::new))).isEqualTo("OK");
    }
    RedisAccess access =
        new RedisAccess(cluster.seed().uri(), "confined", "pw", RedisTrust.DEFAULT);
    KeyspaceRegistration made = inspector.register(access, RedisMode.Cluster, "uid-2", "Ex", "");
    assertThat(made.state()).as(made.message()).isEqualTo(KeyspaceRegistration.State.REGISTERED);
    FlagsWithdrawal back = inspector.release(access, RedisMode.Cluster, "uid-2", "");
    assertThat(back.reached()).as(back.message()).isTrue();
    assertThat(back.removed()).isEqualTo("Ex");
    assertThat(everyNode()).allSatisfy(n -> assertThat(n.command("ACL", "LOG")).isEqualTo("[]"));
  }

  @Test
  @DisplayName(
      "six CacheSyncs registering different flags at once: every node ends with all of them, and giving them back at once leaves none")
  void concurrentRegistrations() throws Exception {
    RedisAccess access = new RedisAccess(cluster.seed().uri(), null, null, RedisTrust.DEFAULT);
    List<String> flags = List.of("g", "x", "$", "l", "s", "h");
    ExecutorService pool = Executors.newFixedThreadPool(flags.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<KeyspaceRegistration>> made = new ArrayList<>();
      for (String f : flags) {
        made.add(
            pool.submit(
                () -> {
                  start.await();
                  return inspector.register(access, RedisMode.Cluster, "uid-" + f, "E" + f, "");
                }));
      }
      start.countDown();
      for (Future<KeyspaceRegistration> f : made) {
        assertThat(f.get().state())
            .as(f.get().message())
            .isEqualTo(KeyspaceRegistration.State.REGISTERED);
      }
      assertThat(everyNode())
          .allSatisfy(
              n ->
                  assertThat(KeyspaceFlags.missing("E" + String.join("", flags), flags(n)))
                      .isEmpty());

      CountDownLatch again = new CountDownLatch(1);
      List<Future<FlagsWithdrawal>> back = new ArrayList<>();
      for (String f : flags) {
        back.add(
            pool.submit(
                () -> {
                  again.await();
                  return inspector.release(access, RedisMode.Cluster, "uid-" + f, "");
                }));
      }
      again.countDown();
      for (Future<FlagsWithdrawal> f : back)
        assertThat(f.get().reached()).as(f.get().message()).isTrue();
      assertThat(everyNode()).allSatisfy(n -> assertThat(flags(n)).isEmpty());
    } finally {
      pool.shutdownNow();
    }
  }
}
