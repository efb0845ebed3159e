package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.sync.Change;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.sync.Frame;
import io.cachesync.sidecar.sync.FrameCodec;
import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Frames published on the channel by a plain Redis client, not a sidecar. */
class ChannelGarbageIT {
  RedisServer redis;
  SidecarFixture fixture;
  List<Sidecar> sidecars;
  List<CacheServiceBlockingStub> clients;
  RedisClient plain;
  StatefulRedisConnection<byte[], byte[]> connection;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    sidecars = fixture.start(2, redis.uri());
    clients = sidecars.stream().map(fixture::client).toList();
    plain = RedisClient.create(redis.uri());
    connection = plain.connect(ByteArrayCodec.INSTANCE);
  }

  @AfterEach
  void stop() {
    connection.close();
    plain.shutdown();
    fixture.close();
    redis.close();
  }

  private void publish(byte[] bytes) {
    assertThat(connection.sync().publish(fixture.channel().getBytes(StandardCharsets.UTF_8), bytes))
        .isEqualTo(2);
  }

  @Test
  @DisplayName("a frame with a sequence gap clears the caches and counts the gap")
  void gapClears() {
    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", "isbn:1", "v")).isTrue();
    Change other = Change.keys(ChangeKind.INVALIDATED, "books", List.of("unrelated"));
    publish(FrameCodec.encode(Frame.batch("intruder", 1, List.of(other))));
    await().until(() -> sidecars.get(0).bus().counters().framesReceived() >= 1);
    for (CacheServiceBlockingStub c : clients)
      assertThat(hits(c, "books", "isbn:1")).as("in-order frame keeps others").isTrue();

    publish(FrameCodec.encode(Frame.batch("intruder", 3, List.of(other)))); // 2 was lost
    for (Sidecar s : sidecars) await().until(() -> s.bus().counters().gaps() == 1);
    for (CacheServiceBlockingStub c : clients) assertThat(hits(c, "books", "isbn:1")).isFalse();
  }

  @Test
  @DisplayName(
      "a heartbeat ahead of the last batch received is a lost last message: clear and count")
  void heartbeatRevealsLoss() {
    publish(
        FrameCodec.encode(
            Frame.batch(
                "quiet-peer", 7, List.of(Change.keys(ChangeKind.UPDATED, "books", List.of("x"))))));
    await().until(() -> sidecars.get(0).bus().counters().framesReceived() >= 1);
    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", "isbn:1", "v")).isTrue();
    publish(FrameCodec.encode(Frame.heartbeat("quiet-peer", 8))); // batch 8 never arrived
    for (Sidecar s : sidecars) await().until(() -> s.bus().counters().gaps() == 1);
    for (CacheServiceBlockingStub c : clients) assertThat(hits(c, "books", "isbn:1")).isFalse();
  }

  @Test
  @DisplayName(
      "random garbage on the channel is counted and dropped; nothing crashes and sync goes on")
  void garbageIsDropped() {
    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", "isbn:1", "v")).isTrue();
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      if (i % 2 == 0
          && junk.length > 2) { // half of them look like a frame's header, to reach deeper checks
        junk[0] = (byte) 0xC5;
        junk[1] = 1;
      }
      publish(junk);
    }
    publish("plain text, not a frame".getBytes(StandardCharsets.UTF_8));
    for (Sidecar s : sidecars) await().until(() -> s.bus().counters().malformed() == 201);
    // cached data untouched, the sidecars still serve and still sync
    for (CacheServiceBlockingStub c : clients) assertThat(hits(c, "books", "isbn:1")).isTrue();
    write(clients.get(0), "books", "isbn:1", "v2");
    await().until(() -> !hits(clients.get(1), "books", "isbn:1"));
    assertThat(sidecars.get(1).bus().counters().gaps()).isZero();
  }
}
