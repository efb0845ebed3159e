package io.cachesync.sidecar.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RedisConnectorIT {
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(RedisConnector.class);
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void listen() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logged);
    scheduler.shutdownNow();
  }

  @Test
  @DisplayName(
      "Redis down at start, then started on its port: the connector connects once it answers, logging the failure once and the recovery once")
  void downThenUp() {
    try (RedisServer redis = RedisServer.start()) {
      redis.stop();
      AtomicInteger attempts = new AtomicInteger();
      RedisConnector<StatefulRedisConnection<String, String>> connector =
          new RedisConnector<>(
              "a test",
              RedisConfig.of(redis.uri()),
              scheduler,
              c -> {
                attempts.incrementAndGet();
                return ((RedisClient) c).connect(StringCodec.UTF8);
              });
      try (connector) {
        connector.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 4);
        assertThat(connector.connection()).isNull();
        assertThat(connector.client()).isNull();
        assertThat(connector.whyNotConnected()).contains("Redis at " + redis.uri(), "unreachable");

        redis.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> connector.connection() != null);
        assertThat(connector.connection().sync().ping()).isEqualTo("PONG");
        assertThat(connector.connected()).isCompleted();
        assertThat(connector.whyNotConnected()).isEmpty();
        int made = attempts.get();
        assertThat(connector.connectNow()).as("connected: no more attempts").isNotNull();
        assertThat(attempts.get()).isEqualTo(made);
        assertThat(logged.list)
            .filteredOn(e -> e.getLevel() == Level.WARN)
            .singleElement()
            .satisfies(e -> assertThat(e.getFormattedMessage()).contains("a test", "retrying"));
        assertThat(logged.list)
            .filteredOn(e -> e.getLevel() == Level.INFO)
            .singleElement()
            .satisfies(e -> assertThat(e.getFormattedMessage()).contains("a test connected"));
      }
      connector.connected().join().close();
    }
  }

  @Test
  @DisplayName("closed: no more attempts, and no connection is made afterwards")
  void closeStops() {
    try (RedisServer redis = RedisServer.start()) {
      redis.stop();
      AtomicInteger attempts = new AtomicInteger();
      RedisConnector<StatefulRedisConnection<String, String>> connector =
          new RedisConnector<>(
              "a test",
              RedisConfig.of(redis.uri()),
              scheduler,
              c -> {
                attempts.incrementAndGet();
                return ((RedisClient) c).connect(StringCodec.UTF8);
              });
      connector.start();
      await().until(() -> attempts.get() >= 2);
      connector.close();
      redis.restart();
      assertThat(connector.connectNow()).isNull();
      int made = attempts.get();
      await()
          .during(Duration.ofMillis(2_500))
          .atMost(Duration.ofSeconds(4))
          .until(() -> attempts.get() <= made + 1 && connector.connection() == null);
    }
  }
}
