package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.DeleteRequest;
import io.cachesync.api.v1.InvalidateAllRequest;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.KeyspaceNotificationsConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.config.WriteBehindConfig;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis ACL that docs/security.md gives a CacheSync's user is enough for every feature of the
 * sidecar, and confines it to its own channel and keys. The rule is read from the document itself,
 * so the document cannot drift from what the sidecar sends.
 */
class RedisAclIT {
  static final String USER = "books-user";
  static final String PASSWORD = "books-pw";

  /** The one {@code ACL SETUSER} line of docs/security.md, split into arguments. */
  static List<String> documentedRule(String channel) throws Exception {
    String doc = Files.readString(Path.of("../docs/security.md"));
    Matcher m = Pattern.compile("```acl\\n(ACL SETUSER [^\\n]+)\\n```").matcher(doc);
    assertThat(m.find()).as("docs/security.md has an ```acl block with ACL SETUSER").isTrue();
    String line =
        m.group(1)
            .replace("<user>", USER)
            .replace("<password>", PASSWORD)
            .replace("<channel>", channel);
    return List.of(line.split("\\s+"));
  }

  @Test
  @DisplayName(
      "two sidecars with L2, write-behind, Stream delivery and keyspace events work under the"
          + " documented ACL, and Redis logs no denied command")
  void documentedAclIsEnough(@TempDir Path dir) throws Exception {
    try (RedisServer redis = RedisServer.start("--notify-keyspace-events", "Eg$x");
        SidecarFixture fixture = new SidecarFixture();
        TestStore store = new TestStore()) {
      String reply =
          RedisCli.command(
              redis.host(), redis.port(), documentedRule(fixture.channel()).toArray(String[]::new));
      assertThat(reply).isEqualTo("OK");
      Path username = Files.writeString(dir.resolve("username"), USER);
      Path password = Files.writeString(dir.resolve("password"), PASSWORD);
      RedisConfig asUser =
          new RedisConfig(redis.uri(), null, username.toString(), password.toString(), null, null);
      WriteBehindConfig quickFlush =
          new WriteBehindConfig(
              Duration.ofMillis(20), 0, Duration.ofSeconds(2), Duration.ofMillis(200));
      List<CacheConfig> caches =
          List.of(
              new CacheConfig(
                  "books",
                  Strategy.LookAside,
                  null,
                  null,
                  null,
                  new L2Config(true, null, null),
                  null),
              new CacheConfig(
                  "authors",
                  Strategy.ReadThrough,
                  null,
                  null,
                  null,
                  new L2Config(true, null, null),
                  null),
              new CacheConfig(
                  "orders",
                  Strategy.WriteBehind,
                  null,
                  null,
                  null,
                  new L2Config(true, null, null),
                  quickFlush));
      List<Sidecar> sidecars =
          fixture.start(
              2,
              redis.uri(),
              c ->
                  c.withRedis(asUser)
                      .withSync(c.sync().withDelivery(Delivery.Stream))
                      .withKeyspaceNotifications(
                          new KeyspaceNotificationsConfig(List.of("set", "del", "expired")))
                      .withLoader(new LoaderConfig(store.target(), Duration.ofSeconds(2), 0, 1))
                      .withCaches(caches));
      CacheServiceBlockingStub a = fixture.client(sidecars.get(0));
      CacheServiceBlockingStub b = fixture.client(sidecars.get(1));

      // look-aside with L2: a fill, a peer's hit through L2, a write and a delete that drop the
      // peer's copy
      assertThat(missThenFill(a, "books", "k", "v1")).isTrue();
      assertThat(get(b, "books", "k").getValue().toStringUtf8()).isEqualTo("v1");
      assertThat(write(a, "books", "k", "v2")).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> !get(b, "books", "k").getFound());
      assertThat(missThenFill(b, "books", "k", "v2")).isTrue();
      a.delete(DeleteRequest.newBuilder().setCache("books").addKeys("k").build());
      await().atMost(Duration.ofSeconds(10)).until(() -> !get(b, "books", "k").getFound());
      // clearing a cache clears its L2 prefix (SCAN + UNLINK)
      assertThat(missThenFill(a, "books", "k2", "v")).isTrue();
      a.invalidateAll(InvalidateAllRequest.newBuilder().setCache("books").build());
      await().atMost(Duration.ofSeconds(10)).until(() -> !get(b, "books", "k2").getFound());

      // read-through: the loader answers, the value lands in L2 for the peer
      store.put("author", "ann");
      assertThat(get(a, "authors", "author").getValue().toStringUtf8()).isEqualTo("ann");
      assertThat(get(b, "authors", "author").getValue().toStringUtf8()).isEqualTo("ann");

      // write-behind: appended, read back before the flush, flushed to the store
      assertThat(write(a, "orders", "o1", "paid")).isTrue();
      assertThat(get(b, "orders", "o1").getValue().toStringUtf8()).isEqualTo("paid");
      await().atMost(Duration.ofSeconds(10)).until(() -> "paid".equals(store.row("o1")));

      // the one denial the document announces: the sidecar's own check of the keyspace setting
      String log = RedisCli.command(redis.host(), redis.port(), "ACL", "LOG");
      assertThat(Pattern.compile("object, ([^,\\]]+)").matcher(log).results().map(r -> r.group(1)))
          .as("what Redis denied the sidecars: %s", log)
          .containsOnly("config|get");
    }
  }

  @Test
  @DisplayName(
      "the documented ACL refuses other keys and channels, CONFIG, FLUSHALL and KEYS to the"
          + " CacheSync's user")
  void documentedAclConfines() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      String channel = "cachesync.shop.books";
      List<String> rule = new ArrayList<>(documentedRule(channel));
      assertThat(RedisCli.command(redis.host(), redis.port(), rule.toArray(String[]::new)))
          .isEqualTo("OK");
      RedisURI uri =
          RedisURI.Builder.redis(redis.host(), redis.port())
              .withAuthentication(USER, PASSWORD.toCharArray())
              .build();
      RedisClient client = RedisClient.create(uri);
      try (StatefulRedisConnection<String, String> conn = client.connect()) {
        RedisCommands<String, String> user = conn.sync();
        assertThat(user.set(channel + ":l2:books:k", "v")).isEqualTo("OK");
        assertThat(user.publish(channel, "frame")).isZero();

        assertThatThrownBy(() -> user.get("cachesync.shop.orders:l2:orders:k"))
            .isInstanceOf(RedisCommandExecutionException.class)
            .hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> user.set("cachesync.shop.books-evil:k", "v"))
            .hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> user.publish("cachesync.shop.orders", "forged"))
            .hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> user.configGet("requirepass")).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> user.configSet("dir", "/tmp")).hasMessageContaining("NOPERM");
        assertThatThrownBy(user::flushall).hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> user.keys("*")).hasMessageContaining("NOPERM");
        // a script is checked command by command, keys included
        assertThatThrownBy(
                () ->
                    user.eval(
                        "return redis.call('GET', KEYS[1])",
                        io.lettuce.core.ScriptOutputType.VALUE,
                        "cachesync.shop.orders:k"))
            .hasMessageContaining("NOPERM");
      } finally {
        client.shutdown();
      }
    }
  }
}
