package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.InvalidateAllRequest;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.MetricsConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.testsupport.RedisServer;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A change L2 cannot take is never answered OK: the old value may still be there for peers. */
class L2FailuresIT {
  RedisServer redis;
  SidecarFixture fixture;
  Sidecar sidecar;
  CacheServiceBlockingStub a;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    CacheConfig la =
        new CacheConfig(
            "la", Strategy.LookAside, null, null, null, new L2Config(true, "fail:la:", null), null);
    sidecar =
        fixture
            .start(
                1,
                redis.uri(),
                c ->
                    c.withCaches(List.of(la))
                        .withMetrics(new MetricsConfig("127.0.0.1", StrategiesIT.freePort())))
            .get(0);
    a = fixture.client(sidecar);
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  @Test
  @DisplayName(
      "an Invalidate, write or InvalidateAll while Redis is away drops L1 and answers UNAVAILABLE naming L2, and is counted")
  void failuresAreReported() {
    assertThat(SidecarFixture.write(a, "la", "k", "v")).isTrue();
    redis.stop();

    StrategiesIT.assertStatus(
        () -> a.invalidate(InvalidateRequest.newBuilder().setCache("la").addKeys("k").build()),
        Status.Code.UNAVAILABLE,
        "L2",
        "may still hold the old value",
        "retry");
    assertThat(sidecar.caches().find("la").get("k")).as("L1 dropped anyway").isNull();
    StrategiesIT.assertStatus(
        () -> SidecarFixture.write(a, "la", "k", "v2"), Status.Code.UNAVAILABLE, "key k");
    StrategiesIT.assertStatus(
        () -> a.invalidateAll(InvalidateAllRequest.newBuilder().setCache("la").build()),
        Status.Code.UNAVAILABLE,
        "every key");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(ServingSurfaceIT.http(sidecar.metricsPort(), "/metrics"))
                    .contains("cachesync_l2_write_failures_total{cache=\"la\"} 3.0"));
    assertThat(get(a, "la", "k").getFound()).as("reads go on: a miss").isFalse();
  }
}
