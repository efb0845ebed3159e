package io.cachesync.sidecar.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class L2TierIT {
  static final ByteString V = ByteString.copyFromUtf8("v");

  RedisServer redis;
  RedisLink link;
  List<String> expected = new CopyOnWriteArrayList<>();
  List<String> withdrawn = new CopyOnWriteArrayList<>();
  L2Tier l2;
  L2Tier otherPod;
  L2Counters counters = new L2Counters();

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    link = new RedisLink(RedisConfig.of(redis.uri()));
    link.start(() -> {});
    await().until(() -> link.commands() != null);
    l2 = tier("pod-a");
    otherPod = tier("pod-b");
  }

  L2Tier tier(String owner) {
    return new L2Tier(
        link,
        new L2Config(true, "cachesync:books:", null),
        60_000,
        owner,
        10_000,
        expected::add,
        withdrawn::add,
        counters);
  }

  @AfterEach
  void stop() {
    link.close();
    redis.close();
  }

  String raw(String key) {
    return RedisCli.command(redis.host(), redis.port(), "GET", l2.redisKey(key));
  }

  @Test
  @DisplayName("a miss leaves a lease in the key, and the fill of that miss replaces it with a PX")
  void leaseThenFill() {
    L2Read miss = l2.read("a", 11).join();
    assertThat(miss.found()).isFalse();
    assertThat(miss.storeMayAnswer()).isTrue();
    assertThat(raw("a")).as("a lease marker naming its pod and miss").contains("cs-lease:pod-a:11");
    assertThat(l2.read("a", 12).join().found()).as("a lease is no value").isFalse();

    assertThat(l2.fill("a", V, 0, 11).join()).isTrue();
    assertThat(raw("a")).isEqualTo("v");
    long pttl =
        Long.parseLong(RedisCli.command(redis.host(), redis.port(), "PTTL", "cachesync:books:a"));
    assertThat(pttl).isBetween(1L, 60_000L);
    assertThat(l2.read("a", 13).join().value()).isEqualTo(V);
  }

  @Test
  @DisplayName(
      "a fill whose lease a delete or an outside write broke lands nowhere: the old value never comes back")
  void brokenLeases() {
    l2.read("deleted", 1).join();
    assertThat(l2.delete(List.of("deleted")).join()).isTrue();
    assertThat(l2.fill("deleted", ByteString.copyFromUtf8("old"), 0, 1).join()).isFalse();
    assertThat(raw("deleted")).isEqualTo("(nil)");

    l2.read("written", 2).join();
    RedisCli.command(redis.host(), redis.port(), "SET", l2.redisKey("written"), "newer");
    assertThat(l2.fill("written", ByteString.copyFromUtf8("older"), 0, 2).join()).isFalse();
    assertThat(raw("written")).isEqualTo("newer");

    assertThat(l2.fill("never-read", V, 0, 3).join()).as("no lease, no fill").isFalse();
    assertThat(raw("never-read")).isEqualTo("(nil)");
  }

  @Test
  @DisplayName(
      "a write leaves a marker, no value: the key exists for an outside DEL, and the next read leases it for its fill")
  void writeMarker() {
    l2.read("k", 1).join();
    l2.fill("k", V, 0, 1).join();
    assertThat(l2.markWritten("k", 0).join()).isTrue();
    assertThat(raw("k")).contains("cs-lease:written");
    assertThat(l2.fill("k", V, 0, 1).join()).as("the old lease is broken").isFalse();
    assertThat(l2.read("k", 2).join().found()).isFalse();
    assertThat(raw("k")).as("the read leased it").contains("cs-lease:pod-a:2");
    assertThat(l2.fill("k", ByteString.copyFromUtf8("new"), 0, 2).join()).isTrue();
    assertThat(raw("k")).isEqualTo("new");
  }

  @Test
  @DisplayName(
      "a miss that finds another pod's lease takes none; only the lease holder's fill lands")
  void oneLeaseAtATime() {
    l2.read("k", 5).join();
    assertThat(otherPod.read("k", 5).join().found()).isFalse();
    assertThat(otherPod.fill("k", ByteString.copyFromUtf8("b"), 0, 5).join())
        .as("same token, other pod: not its lease")
        .isFalse();
    assertThat(l2.fill("k", ByteString.copyFromUtf8("a"), 0, 5).join()).isTrue();
    assertThat(raw("k")).isEqualTo("a");
  }

  @Test
  @DisplayName("readMany answers every key in one step and leases the ones not there")
  void readMany() {
    l2.read("x", 1).join();
    l2.fill("x", V, 0, 1).join();
    Map<String, L2Read> reads = l2.readMany(List.of("x", "y"), 7).join();
    assertThat(reads.get("x").value()).isEqualTo(V);
    assertThat(reads.get("y").found()).isFalse();
    assertThat(l2.fill("y", V, 0, 7).join()).isTrue();
  }

  @Test
  @DisplayName(
      "every own write is announced for its echo, and withdrawn when it wrote nothing (a delete of a missing key, a refused fill, another's lease)")
  void echoes() {
    l2.read("present", 1).join();
    l2.fill("present", V, 0, 1).join();
    expected.clear();
    withdrawn.clear();
    assertThat(l2.delete(List.of("present", "missing")).join()).isTrue();
    assertThat(expected).containsExactly("cachesync:books:present", "cachesync:books:missing");
    assertThat(withdrawn).containsExactly("cachesync:books:missing");

    otherPod.read("leased", 1).join();
    withdrawn.clear();
    l2.read("leased", 2).join();
    assertThat(withdrawn)
        .as("another's lease: nothing written")
        .containsExactly("cachesync:books:leased");
  }

  @Test
  @DisplayName("clear drops every key under the prefix, leases included, and nothing else")
  void clear() {
    l2.read("a", 1).join();
    l2.fill("a", V, 0, 1).join();
    l2.read("leased", 2).join();
    RedisCli.command(redis.host(), redis.port(), "SET", "unrelated", "x");
    assertThat(l2.clear().join()).isTrue();
    assertThat(raw("a")).isEqualTo("(nil)");
    assertThat(raw("leased")).isEqualTo("(nil)");
    assertThat(RedisCli.command(redis.host(), redis.port(), "GET", "unrelated")).isEqualTo("x");
  }

  @Test
  @DisplayName("an unreachable Redis: reads are misses, changes report failure, both counted")
  void unreachable() {
    redis.stop();
    assertThat(l2.read("b", 1).join().found()).isFalse();
    assertThat(l2.readFailures()).isPositive();
    assertThat(l2.delete(List.of("b")).join()).isFalse();
    assertThat(l2.fill("b", V, 0, 1).join()).isFalse();
    assertThat(l2.writeFailures()).isEqualTo(2);
    assertThat(counters.writeFailures()).as("kept where the metrics read them").isEqualTo(2);
  }
}
