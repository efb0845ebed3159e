package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Publishing fails while peers stay subscribed ({@code CLIENT PAUSE WRITE} holds PUBLISH, not the
 * subscriptions): what the publisher buffers reaches the peers afterwards, without a false gap, and
 * an overflowing buffer becomes one "clear everything".
 */
class OutageBufferIT {
  RedisServer redis;
  SidecarFixture fixture;
  Sidecar writer;
  Sidecar peer;
  CacheServiceBlockingStub writerClient;
  CacheServiceBlockingStub peerClient;

  void start(int outageBufferKeys) {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    writer =
        fixture
            .start(
                1,
                redis.uri(),
                c ->
                    c.withRedis(
                            new RedisConfig(redis.uri(), null, null, null, Duration.ofMillis(200)))
                        .withSync(c.sync().withOutageBufferKeys(outageBufferKeys)))
            .get(0);
    peer = fixture.start(1, redis.uri()).get(0);
    writerClient = fixture.client(writer);
    peerClient = fixture.client(peer);
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  private void pausePublishing(Duration d) {
    assertThat(
            RedisCli.command(
                redis.host(),
                redis.port(),
                "CLIENT",
                "PAUSE",
                String.valueOf(d.toMillis()),
                "WRITE"))
        .isEqualTo("OK");
  }

  @Test
  @DisplayName(
      "changes that cannot be published are buffered and reach peers once publishing works again, with no gap")
  void bufferedThenDelivered() {
    start(100);
    for (int i = 0; i < 5; i++)
      assertThat(missThenFill(peerClient, "books", "k" + i, "old")).isTrue();
    pausePublishing(Duration.ofSeconds(2));
    for (int i = 0; i < 5; i++) assertThat(write(writerClient, "books", "k" + i, "new")).isTrue();
    // the pause made publishing fail (so this is the outage path), and the writes returned
    // regardless
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> writer.bus().counters().publishFailures() > 0);
    for (int i = 0; i < 5; i++) {
      String key = "k" + i;
      await().atMost(Duration.ofSeconds(10)).until(() -> !hits(peerClient, "books", key));
    }
    assertThat(peer.bus().counters().gaps()).isZero();
    assertThat(peer.bus().counters().repairs()).isZero();
    assertThat(writer.bus().counters().overflows()).isZero();
  }

  @Test
  @DisplayName("when the buffer overflows, peers are told to clear")
  void overflowClearsPeers() {
    start(3);
    assertThat(missThenFill(peerClient, "books", "untouched", "v")).isTrue();
    pausePublishing(Duration.ofSeconds(2));
    for (int i = 0; i < 10; i++) write(writerClient, "books", "k" + i, "new");
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.bus().counters().overflows() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> peer.bus().counters().repairs() >= 1);
    assertThat(hits(peerClient, "books", "untouched")).isFalse();
    assertThat(peer.bus().counters().gaps()).isZero();
  }
}
