package io.cachesync.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The operator tells a Redis user confined to its CacheSync from one that can do much more. */
class PrivilegeProbeIT {
  static RedisServer redis;
  static RedisInspector inspector;

  /**
   * The rule docs/security.md gives a CacheSync's user (for the channel cachesync.shop.catalogue),
   * as redis-server arguments: {@code --user confined on >pw ...}.
   */
  static List<String> documentedUser() throws Exception {
    String doc = Files.readString(Path.of("../docs/security.md"));
    Matcher m = Pattern.compile("```acl\\nACL SETUSER ([^\\n]+)\\n```").matcher(doc);
    assertThat(m.find()).as("docs/security.md has an ```acl block").isTrue();
    String rule =
        m.group(1)
            .replace("<user>", "confined")
            .replace("<password>", "pw")
            .replace("<channel>", "cachesync.shop.catalogue");
    List<String> args = new ArrayList<>(List.of("--user"));
    args.addAll(List.of(rule.split("\\s+")));
    return args;
  }

  @BeforeAll
  static void start() throws Exception {
    List<String> args = new ArrayList<>(documentedUser());
    // no admin, but every key and channel
    args.addAll(
        List.of("--user", "sloppy", "on", ">pw", "~*", "&*", "+@all", "-@admin", "-@dangerous"));
    redis = RedisServer.start(args.toArray(String[]::new));
    inspector = new RedisInspector();
  }

  @AfterAll
  static void stop() {
    inspector.close();
    redis.close();
  }

  @Test
  @DisplayName(
      "the default user (everything allowed) is too broad: ACL, FLUSHALL, CONFIG, foreign channels and keys")
  void defaultUser() {
    RedisPrivileges p = inspector.privileges(redis.uri(), null, null);

    assertThat(p.state()).isEqualTo(RedisPrivileges.State.TOO_BROAD);
    assertThat(p.message())
        .contains(
            "ACL commands",
            "FLUSHALL",
            "CONFIG",
            "PUBLISH outside its channel",
            "GET outside its key prefixes",
            "&channel and ~prefix")
        .doesNotContain("not checked");
  }

  @Test
  @DisplayName("a user under the rule docs/security.md gives a CacheSync is reported confined")
  void confinedUser() {
    RedisPrivileges p = inspector.privileges(redis.uri(), "confined", "pw");

    assertThat(p.state()).isEqualTo(RedisPrivileges.State.CONFINED);
    assertThat(p.message()).contains("not checked: FLUSHALL");
  }

  @Test
  @DisplayName(
      "a user without admin rights but with every channel and key is too broad, without flushing anything")
  void sloppyUser() {
    RedisCli.command(redis.host(), redis.port(), "SET", "someone-elses", "data");

    RedisPrivileges p = inspector.privileges(redis.uri(), "sloppy", "pw");

    assertThat(p.state()).isEqualTo(RedisPrivileges.State.TOO_BROAD);
    assertThat(p.message())
        .contains("PUBLISH outside its channel", "GET outside its key prefixes")
        .doesNotContain("CONFIG,")
        .contains("not checked: FLUSHALL");
    assertThat(RedisCli.command(redis.host(), redis.port(), "GET", "someone-elses"))
        .as("the probe changes nothing")
        .isEqualTo("data");
  }

  @Test
  @DisplayName("a Redis that does not answer gives unknown, with the reason")
  void unreachable() {
    RedisPrivileges p = inspector.privileges("redis://127.0.0.1:1", null, null);

    assertThat(p.state()).isEqualTo(RedisPrivileges.State.UNKNOWN);
    assertThat(p.message()).contains("did not answer");
  }
}
