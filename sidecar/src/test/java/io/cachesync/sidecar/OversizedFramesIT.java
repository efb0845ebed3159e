package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.SyncConfig;
import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Messages far larger than any frame, which every sidecar would otherwise copy and decode. */
class OversizedFramesIT {
  RedisServer redis;
  SidecarFixture fixture;
  RedisClient plain;
  StatefulRedisConnection<byte[], byte[]> attacker;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    plain = RedisClient.create(redis.uri());
    attacker = plain.connect(ByteArrayCodec.INSTANCE);
    // Redis would cut the subscribers over a message this size (its own defence, which ends in
    // a repair); without the limit the message reaches the sidecars, as through a proxy would
    attacker.sync().configSet("client-output-buffer-limit", "pubsub 0 0 0");
  }

  @AfterEach
  void stop() {
    attacker.close();
    plain.shutdown();
    fixture.close();
    redis.close();
  }

  static void syncs(List<CacheServiceBlockingStub> c, String key) {
    assertThat(missThenFill(c.get(1), "books", key, "old")).isTrue();
    write(c.get(0), "books", key, "new");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(hits(c.get(1), "books", key)).isFalse());
  }

  @Test
  @DisplayName(
      "a 50 MB PUBLISH is dropped unread and counted; the sidecars keep serving and syncing, with no repair")
  void hugePublish() {
    List<Sidecar> s = fixture.start(2, redis.uri());
    List<CacheServiceBlockingStub> c = s.stream().map(fixture::client).toList();
    assertThat(missThenFill(c.get(0), "books", "kept", "v")).isTrue();
    byte[] huge = new byte[50 << 20];
    Arrays.fill(huge, (byte) 0xC5);
    assertThat(attacker.sync().publish(fixture.channel().getBytes(StandardCharsets.UTF_8), huge))
        .isEqualTo(2);
    for (Sidecar sidecar : s)
      await().atMost(Duration.ofSeconds(30)).until(() -> sidecar.bus().counters().oversized() == 1);
    for (Sidecar sidecar : s) {
      assertThat(sidecar.bus().counters().repairs()).isZero();
      assertThat(sidecar.bus().counters().malformed()).as("never decoded").isZero();
    }
    assertThat(hits(c.get(0), "books", "kept")).isTrue();
    syncs(c, "isbn:1");
  }

  @Test
  @DisplayName(
      "with delivery Stream, an entry over sync.maxFrameBytes is skipped and counted; the entries after it are read")
  void hugeStreamEntry() {
    List<Sidecar> s =
        fixture.start(
            2,
            redis.uri(),
            c ->
                c.withSync(
                    c.sync()
                        .withDelivery(Delivery.Stream)
                        .withMaxFrameBytes(SyncConfig.MIN_MAX_FRAME_BYTES)));
    List<CacheServiceBlockingStub> c = s.stream().map(fixture::client).toList();
    byte[] stream = (fixture.channel() + ":stream").getBytes(StandardCharsets.UTF_8);
    attacker.sync().xadd(stream, "f".getBytes(StandardCharsets.UTF_8), new byte[5 << 20]);
    for (Sidecar sidecar : s) await().until(() -> sidecar.bus().counters().oversized() == 1);
    syncs(c, "isbn:1");
    assertThat(s.get(1).bus().counters().repairs()).isZero();
  }

  @Test
  @DisplayName(
      "an Invalidate whose frame would be over the bound reaches peers as a clear of its cache, never as a frame they drop")
  void hugeInvalidateBecomesAClear() {
    List<Sidecar> s =
        fixture.start(
            2,
            redis.uri(),
            c -> c.withSync(c.sync().withMaxFrameBytes(SyncConfig.MIN_MAX_FRAME_BYTES)));
    List<CacheServiceBlockingStub> c = s.stream().map(fixture::client).toList();
    assertThat(missThenFill(c.get(1), "books", "unrelated", "v")).isTrue();
    assertThat(missThenFill(c.get(1), "authors", "kept", "v")).isTrue();
    InvalidateRequest.Builder huge = InvalidateRequest.newBuilder().setCache("books");
    for (int i = 0; i < 20; i++) huge.addKeys(i + ":" + "k".repeat(4000)); // about 80 KB
    c.get(0).invalidate(huge.build());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(hits(c.get(1), "books", "unrelated")).isFalse());
    assertThat(hits(c.get(1), "authors", "kept")).as("only the cache it named").isTrue();
    assertThat(s.get(1).bus().counters().oversized()).isZero();
  }
}
