package io.cachesync.sidecar.tier.writebehind;

import static io.cachesync.sidecar.tier.writebehind.WriteBehindFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.tier.writebehind.RecordingStore.Call;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A store that fails: the same batch is retried, nothing is acknowledged, order holds. */
class StoreFailureIT {
  final WriteBehindFixture fixture = new WriteBehindFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName(
      "a store failing its first 3 calls gets the same batch again with growing delays, nothing is"
          + " acknowledged or read meanwhile, and the key ends with its last value")
  void retriedWithBackoff() {
    List<Long> pendingAtCall = new CopyOnWriteArrayList<>();
    RecordingStore store =
        RecordingStore.failingFirst(3).onCall(() -> pendingAtCall.add(fixture.pending()));
    WriteBehindFlusher flusher =
        fixture.flusher(
            "pod-1",
            config(Duration.ofMillis(20), 500, Duration.ofSeconds(30), Duration.ofSeconds(5)),
            store);

    fixture.append("k", "1");
    await().until(() -> !store.calls().isEmpty());
    fixture.append("k", "2");
    fixture.append("k", "3");

    await().until(() -> "3".equals(value(store.latest().get("k"))));
    List<Call> calls = store.calls();
    // the first batch, failed 3 times and then accepted, each time exactly as it was
    assertThat(calls.subList(0, 4))
        .extracting(Call::failed)
        .containsExactly(true, true, true, false);
    assertThat(calls.subList(0, 4))
        .allSatisfy(
            call ->
                assertThat(call.entries())
                    .extracting(e -> e.getKey() + "=" + e.getValue().toStringUtf8())
                    .containsExactly("k=1"));
    // while it failed, it alone was delivered and unacknowledged: k=2 and k=3 were not read
    assertThat(pendingAtCall.subList(0, 4)).containsOnly(1L);
    // 100, 200, 400 ms between attempts (at least)
    assertThat(gapMillis(calls, 1)).isGreaterThanOrEqualTo(100);
    assertThat(gapMillis(calls, 2)).isGreaterThanOrEqualTo(200);
    assertThat(gapMillis(calls, 3)).isGreaterThanOrEqualTo(400);
    assertThat(store.history().get("k")).isSorted().endsWith("3");
    assertThat(flusher.counters().storeFailures()).isEqualTo(3);
    await().until(() -> fixture.pending() == 0 && fixture.length() == 0);
  }

  private static long gapMillis(List<Call> calls, int i) {
    return Duration.ofNanos(calls.get(i).nanos() - calls.get(i - 1).nanos()).toMillis();
  }

  private static String value(StoreEntry entry) {
    return entry == null ? null : entry.getValue().toStringUtf8();
  }
}
