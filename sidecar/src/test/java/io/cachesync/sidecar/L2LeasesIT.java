package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * L2 under races the invalidation channel cannot close: a fill that arrives before the change's
 * frame (here: a pod on a channel of its own, whose frames never arrive, the far end of a slow
 * channel) and two writes of one key from two pods.
 */
class L2LeasesIT {
  static final String PREFIX = "leases:la:";

  RedisServer redis;
  SidecarFixture fixture;
  SidecarFixture elsewhere;
  CacheServiceBlockingStub a;
  CacheServiceBlockingStub c;
  CacheServiceBlockingStub slowB;

  static CacheConfig cache() {
    return new CacheConfig(
        "la", Strategy.LookAside, null, null, null, new L2Config(true, PREFIX, null), null);
  }

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    elsewhere = new SidecarFixture();
    List<Sidecar> pods = fixture.start(2, redis.uri(), cfg -> cfg.withCaches(List.of(cache())));
    a = fixture.client(pods.get(0));
    c = fixture.client(pods.get(1));
    slowB =
        elsewhere.client(
            elsewhere.start(1, redis.uri(), cfg -> cfg.withCaches(List.of(cache()))).get(0));
  }

  @AfterEach
  void stop() {
    fixture.close();
    elsewhere.close();
    redis.close();
  }

  @Test
  @DisplayName(
      "a fill that read the row before a delete and arrives before the delete's frame does not put the old row back into L2")
  void fillRacingDelete() {
    GetResponse miss = get(slowB, "la", "k"); // B misses and reads v0 from its database
    assertThat(miss.getFound()).isFalse();
    a.invalidate(InvalidateRequest.newBuilder().setCache("la").addKeys("k").build()); // row changed
    SidecarFixture.fill(
        slowB, "la", "k", "v0", miss.getFillToken()); // B's fill, frame not there yet

    assertThat(l2("k")).as("L2 after the late fill").isNull();
    assertThat(get(c, "la", "k").getFound()).as("a third pod does not read v0").isFalse();
  }

  @Test
  @DisplayName(
      "a write empties L2 rather than setting it, so two pods' writes cannot leave the older one there; the next fill sets it")
  void writesEmptyL2() {
    GetResponse miss = get(a, "la", "k");
    assertThat(SidecarFixture.fill(a, "la", "k", "v0", miss.getFillToken())).isTrue();
    assertThat(l2("k")).isEqualTo("v0");

    assertThat(write(slowB, "la", "k", "v2")).isTrue();
    assertThat(write(a, "la", "k", "v1")).isTrue(); // A's older write lands last
    assertThat(l2("k")).as("neither write is left in L2").isNull();

    GetResponse next = get(c, "la", "k");
    assertThat(next.getFound()).isFalse();
    assertThat(SidecarFixture.fill(c, "la", "k", "v2", next.getFillToken())).isTrue();
    assertThat(l2("k")).isEqualTo("v2");
  }

  String l2(String key) {
    String v = RedisCli.command(redis.host(), redis.port(), "GET", PREFIX + key);
    return "(nil)".equals(v) || v.contains("cs-lease:") ? null : v;
  }
}
