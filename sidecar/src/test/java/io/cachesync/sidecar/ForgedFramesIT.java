package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.ConfigException;
import io.cachesync.sidecar.config.Delivery;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.SyncKeys;
import io.cachesync.sidecar.sync.Change;
import io.cachesync.sidecar.sync.Frame;
import io.cachesync.sidecar.sync.FrameCodec;
import io.cachesync.sidecar.sync.FrameMac;
import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's attacks on the invalidation channel, by a plain Redis client that may PUBLISH (or
 * XADD) but holds no sync key, against real sidecars on a real Redis.
 */
class ForgedFramesIT {
  static final String KEY_A = "kX3q9V0pJr8sT2uW5yZbCdEfGhIjKlMnOpQrStUvWxY";
  static final String KEY_B = "Bq7wE2rT5yU8iO1pA4sD6fG9hJ3kL0zXcVbNmQwErTy";

  @TempDir Path dir;
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
  }

  @AfterEach
  void stop() {
    attacker.close();
    plain.shutdown();
    fixture.close();
    redis.close();
  }

  UnaryOperator<SidecarConfig> keyed(String key) {
    Path file = dir.resolve("key-" + key.hashCode());
    try {
      Files.writeString(file, key + "\n"); // as a Secret mounts it
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return c -> c.withSync(c.sync().withKeyFiles(file.toString(), null));
  }

  long publish(byte[] bytes) {
    return attacker.sync().publish(fixture.channel().getBytes(StandardCharsets.UTF_8), bytes);
  }

  /** Pod 0 writes {@code key}; pod 1, which had it cached, must drop it. */
  static void writePropagates(List<CacheServiceBlockingStub> c, String key) {
    assertThat(missThenFill(c.get(1), "books", key, "old")).isTrue();
    write(c.get(0), "books", key, "new");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(hits(c.get(1), "books", key)).as(key).isFalse());
  }

  @Test
  @DisplayName(
      "a forged heartbeat with a huge sequence number for a real pod does not make its later invalidations look like duplicates")
  void hugeHeartbeatDoesNotMute() {
    List<Sidecar> s = fixture.start(2, redis.uri());
    List<CacheServiceBlockingStub> c = s.stream().map(fixture::client).toList();
    writePropagates(c, "isbn:1");

    assertThat(publish(FrameCodec.encode(Frame.heartbeat(s.get(0).bus().origin(), Long.MAX_VALUE))))
        .isEqualTo(2);
    await().until(() -> s.get(1).bus().counters().gaps() == 1); // a loss: repaired

    writePropagates(c, "isbn:2"); // before the fix: dropped as older than "batch" 2^63-1
    writePropagates(c, "isbn:3");
    assertThat(s.get(1).bus().counters().duplicates()).isZero();
    assertThat(s.get(1).bus().counters().sequenceJumps()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "with a key, forged clear-everything frames (unsigned, or signed with another key) and a forged heartbeat clear nothing and are counted")
  void forgedClearIsRefused() {
    List<Sidecar> s = fixture.start(2, redis.uri(), keyed(KEY_A));
    List<CacheServiceBlockingStub> c = s.stream().map(fixture::client).toList();
    writePropagates(c, "isbn:1"); // the same key: they sync
    for (CacheServiceBlockingStub client : c)
      assertThat(missThenFill(client, "books", "isbn:9", "v")).isTrue();
    long repairs = s.get(1).bus().counters().repairs();

    Frame clear = Frame.batch("intruder", 1, List.of(Change.everything()));
    publish(FrameCodec.encode(clear));
    publish(
        FrameCodec.encode(
            clear, FrameMac.of(new SyncKeys(KEY_B.getBytes(StandardCharsets.UTF_8), null))));
    publish(FrameCodec.encode(Frame.heartbeat(s.get(0).bus().origin(), Long.MAX_VALUE)));
    writePropagates(c, "isbn:2"); // a real frame after the forged ones: they were all read

    for (CacheServiceBlockingStub client : c)
      assertThat(hits(client, "books", "isbn:9")).as("nothing cleared").isTrue();
    assertThat(s.get(1).bus().counters().repairs()).isEqualTo(repairs);
    assertThat(s.get(1).bus().counters().sequenceJumps()).isZero();
    for (Sidecar sidecar : s) await().until(() -> sidecar.bus().counters().forged() == 3);
  }

  @Test
  @DisplayName(
      "sidecars with different keys refuse each other's frames, counted as signature failures")
  void differentKeys() {
    Sidecar a = fixture.startOne(keyed(KEY_A).apply(fixture.config(redis.uri())));
    Sidecar b = fixture.startOne(keyed(KEY_B).apply(fixture.config(redis.uri())));
    await().atMost(Duration.ofSeconds(20)).until(() -> a.serving() && b.serving());
    CacheServiceBlockingStub ca = fixture.client(a);
    CacheServiceBlockingStub cb = fixture.client(b);
    assertThat(missThenFill(cb, "books", "isbn:1", "old")).isTrue();
    write(ca, "books", "isbn:1", "new");
    // a's batch and heartbeats reach b: refused, or (before the fix) applied
    await().until(() -> b.bus().counters().forged() >= 2 || !hits(cb, "books", "isbn:1"));
    assertThat(hits(cb, "books", "isbn:1")).as("a's invalidation is not b's to trust").isTrue();
    assertThat(b.bus().counters().framesReceived()).isZero();
    await().until(() -> a.bus().counters().forged() >= 1);
  }

  @Test
  @DisplayName(
      "with delivery Stream and a key, an unsigned clear XADDed to the frames stream clears nothing and is counted")
  void forgedStreamEntry() {
    UnaryOperator<SidecarConfig> keyed = keyed(KEY_A);
    List<Sidecar> s =
        fixture.start(
            2,
            redis.uri(),
            c -> {
              SidecarConfig k = keyed.apply(c);
              return k.withSync(k.sync().withDelivery(Delivery.Stream));
            });
    List<CacheServiceBlockingStub> c = s.stream().map(fixture::client).toList();
    writePropagates(c, "isbn:1");
    assertThat(missThenFill(c.get(1), "books", "isbn:9", "v")).isTrue();
    byte[] stream = (fixture.channel() + ":stream").getBytes(StandardCharsets.UTF_8);
    attacker
        .sync()
        .xadd(
            stream,
            "f".getBytes(StandardCharsets.UTF_8),
            FrameCodec.encode(Frame.batch("intruder", 1, List.of(Change.everything()))));
    writePropagates(c, "isbn:2"); // read after the forged entry
    assertThat(hits(c.get(1), "books", "isbn:9")).as("nothing cleared").isTrue();
    assertThat(s.get(1).bus().counters().forged()).isEqualTo(1);
  }

  @Test
  @DisplayName("a sync.keyFile that is missing or too short stops the start, naming the field")
  void badKeyStopsTheStart() throws Exception {
    SidecarConfig base = fixture.config(redis.uri());
    String missing = dir.resolve("absent").toString();
    assertThatThrownBy(() -> Sidecar.start(base.withSync(base.sync().withKeyFiles(missing, null))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sync.keyFile: " + missing + " does not exist");
    Path shortKey = Files.writeString(dir.resolve("short"), "too-short\n");
    assertThatThrownBy(
            () -> Sidecar.start(base.withSync(base.sync().withKeyFiles(shortKey.toString(), null))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fewer than the 32 it needs");
  }

  @Test
  @DisplayName(
      "mid-rotation, a pod signing with the old key and one signing with the new, each verifying the other's, sync both ways")
  void rotation() throws Exception {
    Path oldKey = Files.writeString(dir.resolve("old"), KEY_A);
    Path newKey = Files.writeString(dir.resolve("new"), KEY_B);
    SidecarConfig base = fixture.config(redis.uri());
    Sidecar x =
        fixture.startOne(
            base.withSync(base.sync().withKeyFiles(oldKey.toString(), newKey.toString())));
    Sidecar y =
        fixture.startOne(
            base.withSync(base.sync().withKeyFiles(newKey.toString(), oldKey.toString())));
    await().atMost(Duration.ofSeconds(20)).until(() -> x.serving() && y.serving());
    List<CacheServiceBlockingStub> xy = List.of(fixture.client(x), fixture.client(y));
    writePropagates(xy, "isbn:1");
    writePropagates(List.of(xy.get(1), xy.get(0)), "isbn:2");
    assertThat(x.bus().counters().forged() + y.bus().counters().forged()).isZero();
  }
}
