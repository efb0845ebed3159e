package io.cachesync.sidecar.tier.writebehind;

import static io.cachesync.sidecar.tier.writebehind.WriteBehindFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.tier.writebehind.RecordingStore.Call;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two sidecars share the group: each entry is flushed by one of them, none is lost. */
class TwoFlushersIT {
  final WriteBehindFixture fixture = new WriteBehindFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName(
      "two flushers on one stream split 5,000 appends: every entry flushed once, every key's last"
          + " value stored")
  void twoFlushers() {
    // a store that takes a few milliseconds per batch: one flusher alone needs at least 50 of
    // them for the 5,000 entries, so the other reads a share even on a loaded machine
    RecordingStore a = RecordingStore.taking(Duration.ofMillis(5));
    RecordingStore b = RecordingStore.taking(Duration.ofMillis(5));
    WriteBehindFlusher podA =
        fixture.flusher(
            "pod-a", config(Duration.ofMillis(20), 100, Duration.ofSeconds(30), null), a);
    WriteBehindFlusher podB =
        fixture.flusher(
            "pod-b", config(Duration.ofMillis(20), 100, Duration.ofSeconds(30), null), b);

    // both reading before the first append, so the work can be shared from the start
    await()
        .until(
            () -> fixture.consumers().contains("pod-a") && fixture.consumers().contains("pod-b"));
    List<String[]> writes = new ArrayList<>();
    Map<String, String> last = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      String key = "isbn:" + (i % 500);
      writes.add(new String[] {key, Integer.toString(i)});
      last.put(key, Integer.toString(i));
    }
    fixture.appendAll(writes);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> podA.counters().entriesFlushed() + podB.counters().entriesFlushed() == 5_000);
    Map<String, Set<String>> received = new HashMap<>();
    for (RecordingStore store : List.of(a, b)) {
      for (Call call : store.accepted()) {
        assertThat(call.entries()).hasSizeLessThanOrEqualTo(100);
        assertThat(call.entries()).extracting(StoreEntry::getKey).doesNotHaveDuplicates();
        for (StoreEntry e : call.entries()) {
          received
              .computeIfAbsent(e.getKey(), k -> new HashSet<>())
              .add(e.getValue().toStringUtf8());
        }
      }
    }
    assertThat(received).hasSize(500);
    last.forEach((key, value) -> assertThat(received.get(key)).as(key).contains(value));
    // both took part, and each entry went to one of them: no takeovers, no second delivery
    assertThat(a.accepted()).isNotEmpty();
    assertThat(b.accepted()).isNotEmpty();
    assertThat(podA.counters().entriesClaimed() + podB.counters().entriesClaimed()).isZero();
    assertThat(fixture.pending()).isZero();
    assertThat(fixture.length()).isZero();
  }
}
