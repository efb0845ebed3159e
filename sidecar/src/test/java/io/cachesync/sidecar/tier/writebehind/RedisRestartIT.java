package io.cachesync.sidecar.tier.writebehind;

import static io.cachesync.sidecar.tier.writebehind.WriteBehindFixture.config;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Redis goes away and comes back empty: the flusher waits it out and carries on. */
class RedisRestartIT {
  final WriteBehindFixture fixture = new WriteBehindFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName(
      "after Redis is killed and restarted empty, the flusher recreates the group and flushes new"
          + " appends")
  void survivesRestart() {
    RecordingStore store = RecordingStore.working();
    fixture.flusher(
        "pod-1",
        config(Duration.ofMillis(20), 500, Duration.ofSeconds(30), Duration.ofMillis(500)),
        store);
    fixture.append("before", "1");
    await().until(() -> store.latest().containsKey("before"));

    fixture.redis.stop();
    fixture.redis.restart();

    await().atMost(Duration.ofSeconds(20)).until(() -> tryAppend("after", "2"));
    await().atMost(Duration.ofSeconds(20)).until(() -> store.latest().containsKey("after"));
    await().until(() -> fixture.pending() == 0 && fixture.length() == 0);
  }

  private boolean tryAppend(String key, String value) {
    try {
      fixture.append(key, value);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
