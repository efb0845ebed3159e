package io.cachesync.bench.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The remote Redis floor's proxy, in front of a real redis-server. */
class DelayProxyTest {
  private static RedisServer redis;
  private static RedisClient lettuce;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    lettuce = RedisClient.create();
  }

  @AfterAll
  static void stop() {
    lettuce.shutdown(0, 2, TimeUnit.SECONDS);
    redis.close();
  }

  private static StatefulRedisConnection<String, String> through(DelayProxy proxy) {
    RedisURI uri = RedisURI.create(redis.uri());
    uri.setPort(proxy.port());
    return lettuce.connect(uri);
  }

  @Test
  @DisplayName("commands and replies pass through intact and in order, large values included")
  void forwardsBothWays() {
    try (DelayProxy proxy = proxy(Duration.ofNanos(100_000));
        StatefulRedisConnection<String, String> c = through(proxy)) {
      RedisCommands<String, String> r = c.sync();
      String big = "v".repeat(300_000); // several chunks each way
      r.set("proxy:big", big);
      for (int i = 0; i < 50; i++) r.set("proxy:" + i, "value-" + i);

      assertThat(r.get("proxy:big")).isEqualTo(big);
      for (int i = 0; i < 50; i++) assertThat(r.get("proxy:" + i)).isEqualTo("value-" + i);
      assertThat(proxy.forwardedChunks()).isGreaterThan(100);
    }
  }

  @Test
  @DisplayName("no chunk is passed on before its delay: a round trip takes at least twice it")
  void holdsEachChunk() {
    Duration oneWay = Duration.ofMillis(20);
    try (DelayProxy proxy = proxy(oneWay);
        StatefulRedisConnection<String, String> c = through(proxy)) {
      RedisCommands<String, String> r = c.sync();
      r.ping(); // connected: the handshake is behind us
      long t0 = System.nanoTime();
      r.ping();
      long roundTrip = System.nanoTime() - t0;

      assertThat(roundTrip).isGreaterThanOrEqualTo(2 * oneWay.toNanos());
      assertThat(proxy.addedMicros(1)).isGreaterThanOrEqualTo(20_000);
    }
  }

  @Test
  @DisplayName("closing the proxy ends the connections through it; a negative delay is refused")
  void closesAndRefuses() {
    DelayProxy proxy = proxy(Duration.ZERO);
    StatefulRedisConnection<String, String> c = through(proxy);
    c.setAutoFlushCommands(true);
    c.sync().ping();
    proxy.close();
    c.setTimeout(Duration.ofSeconds(2));

    assertThatThrownBy(() -> c.sync().ping()).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(
            () ->
                DelayProxy.start(
                    new InetSocketAddress("127.0.0.1", redis.port()), Duration.ofNanos(-1)))
        .hasMessageContaining("negative delay");
    c.close();
  }

  private static DelayProxy proxy(Duration oneWay) {
    return DelayProxy.start(new InetSocketAddress("127.0.0.1", redis.port()), oneWay);
  }
}
