package io.cachesync.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
 * The keyspace ledger on a real redis-server: the count of who needs which flag lives in the
 * server's hash, and the setting follows it, under concurrent registrations too.
 */
class KeyspaceLedgerIT {
  static RedisInspector inspector;

  @BeforeAll
  static void client() {
    inspector = new RedisInspector();
  }

  @AfterAll
  static void close() {
    inspector.close();
  }

  static RedisAccess access(RedisServer redis) {
    return new RedisAccess(redis.uri(), null, null, RedisTrust.DEFAULT);
  }

  static String setting(RedisServer redis) {
    return RedisCli.command(redis.host(), redis.port(), "CONFIG", "GET", "notify-keyspace-events");
  }

  static String ledger(RedisServer redis) {
    return RedisCli.command(redis.host(), redis.port(), "HGETALL", KeyspaceLedger.KEY);
  }

  /** The flags of the setting, 'A' spelled out, for comparisons that ignore Redis's order. */
  static String flagsOf(RedisServer redis) {
    String reply = setting(redis);
    String value = reply.substring(reply.indexOf(',') + 1).replaceAll("[\\[\\] ]", "");
    return KeyspaceFlags.expand(value);
  }

  @Test
  @DisplayName(
      "two CacheSyncs needing overlapping flags: releasing one keeps the shared flags, releasing both restores the server's own setting")
  void overlapping() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Kl")) {
      RedisAccess a = access(redis);
      assertThat(inspector.register(a, "uid-1", "Exg", "").state())
          .isEqualTo(KeyspaceRegistration.State.REGISTERED);
      KeyspaceRegistration second = inspector.register(a, "uid-2", "Ex", "");
      assertThat(second.message()).contains("covers");
      assertThat(second.added()).isEqualTo("Exg");
      assertThat(inspector.observe(a, "uid-2").covers("Ex")).isTrue();

      FlagsWithdrawal first = inspector.release(a, "uid-1", "");
      assertThat(first.reached()).isTrue();
      assertThat(first.removed()).isEqualTo("g");
      assertThat(flagsOf(redis)).contains("K", "l", "E", "x").doesNotContain("g");
      assertThat(ledger(redis)).contains("uid-2").doesNotContain("uid-1");

      FlagsWithdrawal last = inspector.release(a, "uid-2", "");
      assertThat(last.removed()).isEqualTo("Ex");
      assertThat(flagsOf(redis)).contains("K", "l").doesNotContain("E", "x", "g");
      assertThat(ledger(redis)).as("an empty ledger is no key at all").isEqualTo("[]");
    }
  }

  @Test
  @DisplayName("flags the server had before any CacheSync are never taken back")
  void ownFlagsStay() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "KEx")) {
      RedisAccess a = access(redis);
      assertThat(inspector.register(a, "uid-1", "Exg", "").added()).isEqualTo("g");
      FlagsWithdrawal gone = inspector.release(a, "uid-1", "");
      assertThat(gone.removed()).isEqualTo("g");
      assertThat(flagsOf(redis)).contains("K", "E", "x").doesNotContain("g");
    }
  }

  @Test
  @DisplayName(
      "a flag an older operator recorded in a status as added joins the ledger, and goes with the last CacheSync")
  void inheritedFromStatus() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "KExl")) {
      RedisAccess a = access(redis);
      assertThat(inspector.register(a, "uid-1", "Ex", "Ex").added()).isEqualTo("Ex");
      assertThat(inspector.release(a, "uid-1", "").removed()).isEqualTo("Ex");
      assertThat(flagsOf(redis)).contains("K", "l").doesNotContain("E", "x");
    }
  }

  @Test
  @DisplayName(
      "'A' on the server stands for the flags it covers: a flag CacheSync added under it is still taken back")
  void allFlag() {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "KE$lshzxetd")) {
      RedisAccess a = access(redis);
      inspector.register(a, "uid-1", "Eg", "");
      assertThat(setting(redis)).as("Redis folds the full set into A").contains("A");
      assertThat(inspector.release(a, "uid-1", "").removed()).isEqualTo("g");
      assertThat(flagsOf(redis)).doesNotContain("g").contains("x", "$");
    }
  }

  @Test
  @DisplayName(
      "concurrent registrations and releases of many CacheSyncs keep the ledger and the setting consistent")
  void concurrent() throws Exception {
    String[] needs = {"Ex", "Eg", "E$", "El", "Eh", "Es", "Ez", "Et"};
    ExecutorService pool = Executors.newFixedThreadPool(needs.length);
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "K")) {
      RedisAccess a = access(redis);
      for (int round = 0; round < 10; round++) {
        race(
            pool,
            needs.length,
            i -> inspector.register(a, "uid-" + i, needs[i], "").state().name());
        for (int i = 0; i < needs.length; i++) {
          assertThat(inspector.observe(a, "uid-" + i).covers(needs[i]))
              .as("round %d: uid-%d is registered and covered", round, i)
              .isTrue();
        }
        assertThat(inspector.observe(a, "uid-0").added())
            .as("round %d: everything added is recorded", round)
            .contains("E", "x", "g", "$", "l", "h", "s", "z", "t");
        race(
            pool,
            needs.length,
            i -> String.valueOf(inspector.release(a, "uid-" + i, "").reached()));
        assertThat(flagsOf(redis)).as("round %d: back to the server's own", round).isEqualTo("K");
        assertThat(ledger(redis)).isEqualTo("[]");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  interface Step {
    String run(int i);
  }

  /** Runs {@code step} for every index at once, released together by a latch. */
  static void race(ExecutorService pool, int n, Step step) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      Callable<String> task =
          () -> {
            start.await();
            return step.run(index);
          };
      done.add(pool.submit(task));
    }
    start.countDown();
    for (Future<String> f : done) assertThat(f.get()).isIn("REGISTERED", "true");
  }

  /** The operator's additions to the sidecar's ACL rule, as docs/security.md gives them. */
  static List<String> documentedOperatorRule() throws Exception {
    String doc = Files.readString(Path.of("../docs/security.md"));
    Matcher m = Pattern.compile("```acl-operator\\n([^\\n]+)\\n```").matcher(doc);
    assertThat(m.find()).as("docs/security.md has an ```acl-operator block").isTrue();
    return List.of(m.group(1).split("\\s+"));
  }

  @Test
  @DisplayName(
      "the documented sidecar rule plus the documented operator additions: registering and releasing work, and ACL LOG stays empty")
  void documentedAcl() throws Exception {
    List<String> args = new ArrayList<>(PrivilegeProbeIT.documentedUser());
    args.addAll(documentedOperatorRule());
    args.addAll(List.of("--notify-keyspace-events", "Kl"));
    try (RedisServer redis = RedisServer.start(args.toArray(String[]::new))) {
      RedisAccess a = new RedisAccess(redis.uri(), "confined", "pw", RedisTrust.DEFAULT);
      KeyspaceRegistration made = inspector.register(a, "uid-1", "Ex", "");
      assertThat(made.state()).as(made.message()).isEqualTo(KeyspaceRegistration.State.REGISTERED);
      assertThat(inspector.release(a, "uid-1", "").removed()).isEqualTo("Ex");
      assertThat(RedisCli.command(redis.host(), redis.port(), "ACL", "LOG")).isEqualTo("[]");
    }
  }

  @Test
  @DisplayName(
      "a user without CONFIG: ConfigForbidden, nothing written; its release is a no-op, not an error")
  void configForbidden() {
    try (RedisServer redis =
        RedisServer.start("--user", "app", "on", ">pw", "~*", "&*", "+@all", "-config")) {
      RedisAccess a = new RedisAccess(redis.uri(), "app", "pw", RedisTrust.DEFAULT);
      KeyspaceRegistration made = inspector.register(a, "uid-1", "Ex", "");
      assertThat(made.state()).isEqualTo(KeyspaceRegistration.State.CONFIG_FORBIDDEN);
      assertThat(made.message()).contains("NOPERM");
      assertThat(ledger(redis)).isEqualTo("[]");
      FlagsWithdrawal release = inspector.release(a, "uid-1", "");
      assertThat(release.reached()).isTrue();
      assertThat(release.removed()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "CONFIG GET allowed but CONFIG SET refused: ConfigForbidden, and neither the ledger nor the setting changes")
  void configSetForbidden() {
    try (RedisServer redis =
        RedisServer.start(
            "--user",
            "app",
            "on",
            ">pw",
            "~*",
            "&*",
            "+@all",
            "-config|set",
            "--notify-keyspace-events",
            "Kl")) {
      RedisAccess a = new RedisAccess(redis.uri(), "app", "pw", RedisTrust.DEFAULT);
      KeyspaceRegistration made = inspector.register(a, "uid-1", "Ex", "");
      assertThat(made.state())
          .as(made.message())
          .isEqualTo(KeyspaceRegistration.State.CONFIG_FORBIDDEN);
      assertThat(made.message()).contains("NOPERM", "config|set", "'Ex'", "yourself");
      assertThat(ledger(redis)).isEqualTo("[]");
      assertThat(flagsOf(redis)).doesNotContain("E", "x");
    }
  }

  @Test
  @DisplayName(
      "CONFIG allowed but the ledger's key refused: Failed, naming the key and the commands to allow")
  void ledgerRefused() {
    try (RedisServer redis =
        RedisServer.start("--user", "app", "on", ">pw", "~other:*", "&*", "+@all")) {
      RedisAccess a = new RedisAccess(redis.uri(), "app", "pw", RedisTrust.DEFAULT);
      KeyspaceRegistration made = inspector.register(a, "uid-1", "Ex", "");
      assertThat(made.state()).isEqualTo(KeyspaceRegistration.State.FAILED);
      assertThat(made.message()).contains(KeyspaceLedger.KEY, "+hgetall", "docs/security.md");
      assertThat(flagsOf(redis)).as("nothing set without the count").doesNotContain("x");
    }
  }
}
