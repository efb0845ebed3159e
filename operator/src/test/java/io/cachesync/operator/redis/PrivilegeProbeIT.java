package io.cachesync.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The operator tells a Redis user confined to its CacheSync from one that can do much more. */
class PrivilegeProbeIT {
  static RedisServer redis;
  static RedisInspector inspector;

  @BeforeAll
  static void start() {
    redis =
        RedisServer.start(
            // what the README's ACL gives a CacheSync: its channel, its keys, no admin, no flush
            "--user",
            "confined",
            "on",
            ">pw",
            "resetchannels",
            "&cachesync.shop.catalogue*",
            "~cachesync.shop.catalogue*",
            "+@read",
            "+@write",
            "+@pubsub",
            "+ping",
            "-@dangerous",
            "-@admin",
            // no admin, but every key and channel
            "--user",
            "sloppy",
            "on",
            ">pw",
            "~*",
            "&*",
            "+@all",
            "-@admin",
            "-@dangerous");
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
  @DisplayName("a user confined by &channel and ~prefix rules is reported confined")
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
