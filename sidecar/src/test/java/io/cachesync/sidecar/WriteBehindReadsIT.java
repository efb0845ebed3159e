package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.DeleteRequest;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.L2Config;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.sidecar.config.WriteBehindConfig;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * While a key has write-behind entries the store has not taken yet, no read goes to the store for
 * it: the store's answer is older than what was acknowledged. The store here refuses every Store
 * until a test lets it, so the flush waits as long as the test needs.
 */
class WriteBehindReadsIT {
  static final String PREFIX = "wbreads:wb:";

  RedisServer redis;
  TestStore store;
  SidecarFixture fixture;
  CacheServiceBlockingStub a;
  CacheServiceBlockingStub b;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    store = new TestStore();
    fixture = new SidecarFixture();
    CacheConfig wb =
        new CacheConfig(
            "wb",
            Strategy.WriteBehind,
            null,
            null,
            null,
            new L2Config(true, PREFIX, null),
            new WriteBehindConfig(
                Duration.ofMillis(20), 0, Duration.ofSeconds(2), Duration.ofMillis(200)));
    List<Sidecar> sidecars =
        fixture.start(
            2,
            redis.uri(),
            c ->
                c.withLoader(new LoaderConfig(store.target(), Duration.ofSeconds(2), 0, 1))
                    .withCaches(List.of(wb)));
    a = fixture.client(sidecars.get(0));
    b = fixture.client(sidecars.get(1));
  }

  @AfterEach
  void stop() {
    fixture.close();
    store.close();
    redis.close();
  }

  @Test
  @DisplayName(
      "a write-behind Delete is not undone by a read before its flush, nor after it: no pod loads the store's old row")
  void deleteBeforeFlush() {
    store.put("k", "v0"); // flushed long ago
    store.failStores.set(Integer.MAX_VALUE); // the store is slow: nothing flushes for now
    a.delete(DeleteRequest.newBuilder().setCache("wb").addKeys("k").build());

    assertThat(get(b, "wb", "k").getFound()).as("a peer's read before the flush").isFalse();
    assertThat(get(a, "wb", "k").getFound()).as("the writer's read before the flush").isFalse();
    assertThat(store.loadsOf("k")).as("the store was not asked").isZero();

    store.failStores.set(0);
    await().atMost(Duration.ofSeconds(20)).until(() -> store.row("k") == null);
    assertThat(get(b, "wb", "k").getFound()).as("after the flush").isFalse();
    assertThat(l2("k")).isNull();
  }

  @Test
  @DisplayName(
      "an unflushed Put whose L2 copy was lost (evicted, expired) is read from the stream, not from the store")
  void putWithL2Lost() {
    store.put("k", "v0");
    store.failStores.set(Integer.MAX_VALUE);
    assertThat(write(a, "wb", "k", "v1")).isTrue();
    RedisCli.command(redis.host(), redis.port(), "DEL", PREFIX + "k"); // maxmemory eviction

    assertThat(get(b, "wb", "k").getValue().toStringUtf8()).isEqualTo("v1");
    var many = b.getMany(GetManyRequest.newBuilder().setCache("wb").addKeys("k").build());
    assertThat(many.getValuesMap().get("k").toStringUtf8()).isEqualTo("v1");
    assertThat(store.loadsOf("k")).isZero();

    store.failStores.set(0);
    await().atMost(Duration.ofSeconds(20)).until(() -> "v1".equals(store.row("k")));
    assertThat(get(b, "wb", "k").getValue().toStringUtf8()).isEqualTo("v1");
  }

  @Test
  @DisplayName("once every entry of a key is stored, its reads go to the store again")
  void flushedKeysLoad() {
    assertThat(write(a, "wb", "k", "v1")).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> "v1".equals(store.row("k")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "0"
                    .equals(
                        RedisCli.command(
                            redis.host(),
                            redis.port(),
                            "HLEN",
                            fixture.channel() + ":wb:wb:pending")));
    RedisCli.command(redis.host(), redis.port(), "DEL", PREFIX + "k");
    store.put("k", "v2"); // changed in the store directly
    assertThat(get(b, "wb", "k").getValue().toStringUtf8()).isEqualTo("v2");
    assertThat(store.loadsOf("k")).isEqualTo(1);
  }

  String l2(String key) {
    String v = RedisCli.command(redis.host(), redis.port(), "GET", PREFIX + key);
    return "(nil)".equals(v) || v.contains("cs-lease:") ? null : v; // a lease is no value
  }
}
