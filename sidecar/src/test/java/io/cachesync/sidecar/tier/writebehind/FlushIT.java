package io.cachesync.sidecar.tier.writebehind;

import static io.cachesync.sidecar.tier.writebehind.WriteBehindFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.tier.writebehind.RecordingStore.Call;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The flusher's normal work: batches, coalescing, deletes, acknowledgement. */
class FlushIT {
  final WriteBehindFixture fixture = new WriteBehindFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName(
      "1,000 appends reach the store in batches of at most maxBatch, each key once per batch with"
          + " its last value, and every entry is acknowledged and removed")
  void thousandAppends() {
    List<String[]> writes = new ArrayList<>();
    Map<String, String> last = new HashMap<>();
    for (int i = 0; i < 1_000; i++) {
      String key = "isbn:" + (i % 100);
      writes.add(new String[] {key, Integer.toString(i)});
      last.put(key, Integer.toString(i));
    }
    // appended before the group exists: the flusher creates it at id 0 and still sees them all
    fixture.appendAll(writes);
    RecordingStore store = RecordingStore.working();

    WriteBehindFlusher flusher =
        fixture.flusher(
            "pod-1", config(Duration.ofMillis(100), 200, Duration.ofSeconds(30), null), store);

    await().until(() -> flusher.counters().entriesFlushed() == 1_000);
    List<Call> calls = store.accepted();
    assertThat(calls)
        .allSatisfy(
            call -> {
              assertThat(call.entries()).hasSizeLessThanOrEqualTo(200);
              assertThat(call.entries()).extracting(StoreEntry::getKey).doesNotHaveDuplicates();
            });
    // 200 entries of 100 keys per batch: every batch folds each key's two writes into one
    assertThat(calls.stream().mapToInt(c -> c.entries().size()).sum()).isLessThan(1_000);
    assertThat(store.history())
        .allSatisfy(
            (key, values) -> assertThat(values.stream().map(Integer::valueOf).toList()).isSorted());
    assertThat(store.latest())
        .hasSize(100)
        .allSatisfy(
            (key, entry) -> assertThat(entry.getValue().toStringUtf8()).isEqualTo(last.get(key)));
    assertThat(fixture.pending()).isZero();
    assertThat(fixture.length()).isZero();
    assertThat(flusher.counters().batchesFlushed()).isEqualTo(calls.size());
    assertThat(flusher.counters().storeFailures()).isZero();
    assertThat(flusher.counters().lastFlushLagMillis()).isNotNegative();
    await().until(() -> flusher.counters().queueDepth() == 0);
  }

  @Test
  @DisplayName("a delete reaches the store as an entry with delete=true and no value")
  void deletes() {
    RecordingStore store = RecordingStore.working();
    fixture.flusher(
        "pod-1", config(Duration.ofMillis(20), 500, Duration.ofSeconds(30), null), store);

    fixture.append("isbn:1", "v1");
    await().until(() -> store.latest().containsKey("isbn:1"));
    fixture.delete("isbn:1");

    await().until(() -> store.latest().get("isbn:1").getDelete());
    StoreEntry last = store.latest().get("isbn:1");
    assertThat(last.getValue().isEmpty()).isTrue();
    await().until(() -> fixture.pending() == 0 && fixture.length() == 0);
  }

  @Test
  @DisplayName("the depth counts the writes not yet in the store, and drops to 0 once they are")
  void depth() {
    fixture.append("isbn:1", "v1");
    fixture.append("isbn:2", "v2");
    assertThat(WriteBehindFixture.join(fixture.stream.depth())).isEqualTo(2);

    RecordingStore store = RecordingStore.working();
    WriteBehindFlusher flusher =
        fixture.flusher(
            "pod-1", config(Duration.ofMillis(20), 500, Duration.ofSeconds(30), null), store);

    await().until(() -> flusher.counters().entriesFlushed() == 2);
    await().until(() -> WriteBehindFixture.join(fixture.stream.depth()) == 0);
    await().until(() -> flusher.counters().queueDepth() == 0);
  }
}
