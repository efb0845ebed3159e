package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.sync.SyncState;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code sync.delivery: Stream}: frames kept in a capped Redis Stream, so a sidecar that could not
 * read for a while reads on where it stopped instead of clearing, unless its place is gone. A
 * sidecar is kept from reading by an ACL without XREAD (its blocked read cut with CLIENT KILL), so
 * the test decides what happens while it is away.
 */
class StreamDeliveryIT {
  RedisServer redis;
  SidecarFixture fixture;
  Sidecar a;
  Sidecar b;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    List<Sidecar> pods =
        fixture.start(2, redis.uri(), c -> c.withSync(c.sync().withDelivery(Delivery.Stream)));
    a = pods.get(0);
    b = pods.get(1);
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  @Test
  @DisplayName("a peer's invalidation travels through the stream and drops the local copy")
  void syncs() {
    var ca = fixture.client(a);
    assertThat(missThenFill(ca, "books", "k", "v")).isTrue();
    invalidate(b, "k");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.caches().find("books").get("k") == null);
    assertThat(RedisCli.command(redis.host(), redis.port(), "XLEN", fixture.channel() + ":stream"))
        .isNotEqualTo("0");
  }

  @Test
  @DisplayName(
      "a sidecar that could not read reads on where it stopped: what peers sent meanwhile arrives, nothing else is cleared")
  void readsOn() {
    var ca = fixture.client(a);
    missThenFill(ca, "books", "kept", "v");
    missThenFill(ca, "books", "changed", "v");
    cutReaders();
    invalidate(b, "changed"); // while a cannot read
    allowReads();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> a.caches().find("books").get("changed") == null);
    assertThat(a.caches().find("books").get("kept")).as("no clear").isNotNull();
    assertThat(a.bus().counters().repairs()).isZero();
    assertThat(a.bus().counters().resumes()).isPositive();
    assertThat(b.bus().counters().repairs()).as("the writer read on too").isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> a.bus().state() == SyncState.CONNECTED);
  }

  @Test
  @DisplayName(
      "a sidecar whose place in the stream was trimmed away while it could not read clears")
  void trimmedPastClears() {
    var ca = fixture.client(a);
    missThenFill(ca, "books", "k", "v");
    cutReaders();
    RedisCli.command(
        redis.host(), redis.port(), "XTRIM", fixture.channel() + ":stream", "MAXLEN", "0");
    allowReads();

    await().atMost(Duration.ofSeconds(15)).until(() -> a.bus().counters().repairs() == 1);
    assertThat(a.caches().find("books").get("k")).isNull();
  }

  @Test
  @DisplayName(
      "after a Redis restart, whatever it restored, the sidecars clear once and sync again")
  void restartClears() {
    var ca = fixture.client(a);
    missThenFill(ca, "books", "k", "v");
    redis.restart();
    await().atMost(Duration.ofSeconds(20)).until(() -> a.bus().counters().repairs() >= 1);
    assertThat(a.caches().find("books").get("k")).isNull();
    await().atMost(Duration.ofSeconds(20)).until(() -> a.bus().state() == SyncState.CONNECTED);
    missThenFill(ca, "books", "k", "v2");
    invalidate(b, "k");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.caches().find("books").get("k") == null);
  }

  /** Both sidecars lose the right to XREAD, and their blocked reads are cut: both are DEGRADED. */
  private void cutReaders() {
    RedisCli.command(redis.host(), redis.port(), "ACL", "SETUSER", "default", "-xread");
    for (String line : RedisCli.command(redis.host(), redis.port(), "CLIENT", "LIST").split("\n")) {
      if (line.contains("cmd=xread")) {
        String id = line.substring(3, line.indexOf(' '));
        RedisCli.command(redis.host(), redis.port(), "CLIENT", "KILL", "ID", id);
      }
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> a.bus().state() == SyncState.DEGRADED && b.bus().state() == SyncState.DEGRADED);
  }

  private void allowReads() {
    RedisCli.command(redis.host(), redis.port(), "ACL", "SETUSER", "default", "+xread");
  }

  private void invalidate(Sidecar from, String key) {
    fixture
        .client(from)
        .invalidate(InvalidateRequest.newBuilder().setCache("books").addKeys(key).build());
  }
}
