package io.cachesync.sidecar.tier.writebehind;

import static io.cachesync.sidecar.tier.writebehind.WriteBehindFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.sidecar.config.WriteBehindConfig;
import io.cachesync.sidecar.tier.writebehind.RecordingStore.Call;
import io.cachesync.testsupport.RedisCli;
import io.lettuce.core.Range;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A batch whose store is being retried stays with the flusher retrying it, however long that takes;
 * if it is taken anyway, the flusher lets it go instead of racing the new holder.
 */
class HoldWhileRetryingIT {
  static final WriteBehindConfig SHORT_CLAIM =
      config(Duration.ofMillis(20), 500, Duration.ofMillis(600), Duration.ofSeconds(5));

  final WriteBehindFixture fixture = new WriteBehindFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName(
      "a batch retried for longer than claimIdle is not taken over by another live flusher")
  void retryingKeepsTheBatch() {
    RecordingStore failing = RecordingStore.failingFirst(6);
    WriteBehindFlusher retrying = fixture.flusher("pod-a", SHORT_CLAIM, failing);
    fixture.append("k", "1");
    await().until(() -> !failing.calls().isEmpty());
    RecordingStore other = RecordingStore.working();

    WriteBehindFlusher watching = fixture.flusher("pod-b", SHORT_CLAIM, other);

    // 6 failures with delays of 100, 200, 300, 300, 300 ms (the cap is claimIdle / 2): > claimIdle
    await().until(() -> failing.accepted().size() + other.accepted().size() == 1);
    assertThat(other.calls()).isEmpty();
    assertThat(Duration.ofNanos(failing.accepted().get(0).nanos() - failing.calls().get(0).nanos()))
        .isGreaterThan(SHORT_CLAIM.claimIdle());
    assertThat(watching.counters().entriesClaimed()).isZero();
    assertThat(retrying.counters().storeFailures()).isEqualTo(6);
    await().until(() -> fixture.pending() == 0 && fixture.length() == 0);
  }

  @Test
  @DisplayName(
      "a flusher whose retried batch was claimed by another consumer drops it unacknowledged; it is"
          + " flushed once claimed back")
  void takenBatchIsDropped() {
    AtomicInteger calls = new AtomicInteger();
    RecordingStore store =
        RecordingStore.failingFirst(2)
            .onCall(
                () -> {
                  if (calls.incrementAndGet() == 2) stealAllAs("thief");
                });
    WriteBehindFlusher flusher = fixture.flusher("pod-a", SHORT_CLAIM, store);

    fixture.append("k", "1");

    await().until(() -> store.accepted().size() == 1);
    // failed, failed (and stolen meanwhile), then stored only after claiming it back from the thief
    assertThat(store.calls()).extracting(Call::failed).containsExactly(true, true, false);
    assertThat(flusher.counters().entriesClaimed()).isEqualTo(1);
    await().until(() -> fixture.pending() == 0 && fixture.length() == 0);
  }

  private void stealAllAs(String thief) {
    String id = fixture.admin().xrange(fixture.stream.key(), Range.create("-", "+")).get(0).getId();
    RedisCli.command(
        fixture.redis.host(),
        fixture.redis.port(),
        "XCLAIM",
        fixture.stream.key(),
        WriteBehindStream.GROUP,
        thief,
        "0",
        id,
        "JUSTID");
  }
}
