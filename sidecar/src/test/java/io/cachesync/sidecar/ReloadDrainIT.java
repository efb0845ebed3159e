package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.config.WriteBehindConfig;
import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A WriteBehind cache that a reload removes, or takes out of WriteBehind, still gets every write in
 * its stream to the store: no sidecar would read that stream again.
 */
class ReloadDrainIT {
  static final int WRITES = 300;

  /** Small batches, so most entries are still undelivered in the stream at the reload. */
  static CacheConfig writeBehind() {
    return new CacheConfig(
        "wb",
        Strategy.WriteBehind,
        null,
        null,
        null,
        L2Config.on(),
        new WriteBehindConfig(
            Duration.ofMillis(20), 10, Duration.ofSeconds(2), Duration.ofMillis(200)));
  }

  static CacheConfig lookAsideWithL2() {
    return new CacheConfig("wb", Strategy.LookAside, null, null, null, L2Config.on(), null);
  }

  @Test
  @DisplayName("a removed WriteBehind cache's flusher stores every entry of its stream, then stops")
  void removed() {
    drainsAfter(s -> s.withCaches(List.of(CacheConfig.lookAside("books"))));
  }

  @Test
  @DisplayName(
      "a WriteBehind cache switched to LookAside stores every entry of its stream, then its"
          + " flusher stops")
  void leftWriteBehind() {
    drainsAfter(s -> s.withCaches(List.of(CacheConfig.lookAside("books"), lookAsideWithL2())));
  }

  @Test
  @DisplayName("closing the sidecar stops a flusher still draining, leaving the rest in the stream")
  void closeStopsDraining() {
    try (RedisServer redis = RedisServer.start();
        TestStore store = new TestStore();
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s = startWithWrites(fixture, redis, store);
      assertThat(s.reload(s.config().withCaches(List.of(CacheConfig.lookAside("books")))).result())
          .isEqualTo(Result.APPLIED);
      assertThat(ReloadWiringIT.flusherRunning("wb")).as("draining").isTrue();

      long start = System.nanoTime();
      s.close();
      assertThat(ReloadWiringIT.flusherRunning("wb")).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      assertThat(xlen(redis, fixture)).as("left for another sidecar").isPositive();
    }
  }

  private void drainsAfter(Function<SidecarConfig, SidecarConfig> edit) {
    try (RedisServer redis = RedisServer.start();
        TestStore store = new TestStore();
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s = startWithWrites(fixture, redis, store);

      assertThat(s.reload(edit.apply(s.config())).result()).isEqualTo(Result.APPLIED);
      assertThat(xlen(redis, fixture)).as("nothing stored yet").isEqualTo(WRITES);
      store.failStores.set(0); // the database is back

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                for (int i = 0; i < WRITES; i++) {
                  assertThat(store.row("k" + i)).as("k" + i).isEqualTo("v" + i);
                }
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> xlen(redis, fixture) == 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> !ReloadWiringIT.flusherRunning("wb"));
      String stored = WriteBehindStream.keyFor(fixture.channel(), "wb") + ":stored";
      assertThat(RedisCli.command(redis.host(), redis.port(), "EXISTS", stored))
          .as("the stored-ids hash goes with the drain")
          .isEqualTo("0");
    }
  }

  /** A sidecar with a WriteBehind cache holding WRITES entries the failing store has not taken. */
  private static Sidecar startWithWrites(
      SidecarFixture fixture, RedisServer redis, TestStore store) {
    store.failStores.set(Integer.MAX_VALUE); // the database is down
    Sidecar s =
        fixture
            .start(
                1,
                redis.uri(),
                c ->
                    c.withLoader(LoaderConfig.at(store.target()))
                        .withCaches(List.of(CacheConfig.lookAside("books"), writeBehind())))
            .get(0);
    CacheServiceBlockingStub c = fixture.client(s);
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> write(c, "wb", "k0", "v0"));
    for (int i = 1; i < WRITES; i++) assertThat(write(c, "wb", "k" + i, "v" + i)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.storeCalls.get() >= 2);
    return s;
  }

  private static long xlen(RedisServer redis, SidecarFixture fixture) {
    return Long.parseLong(
        RedisCli.command(
            redis.host(), redis.port(), "XLEN", WriteBehindStream.keyFor(fixture.channel(), "wb")));
  }
}
