package io.cachesync.sidecar.tier.writebehind;

import static io.cachesync.sidecar.tier.writebehind.WriteBehindFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.testsupport.RedisCli;
import io.lettuce.core.Range;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Entries held by a consumer that died are not lost: they are claimed and flushed. */
class TakeoverIT {
  final WriteBehindFixture fixture = new WriteBehindFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName(
      "entries a dead consumer read and never acknowledged are claimed after claimIdle and flushed")
  void deadConsumer() {
    fixture.appendAll(books(50));
    fixture.readAndDieAs("dead");
    assertThat(fixture.pendingOf("dead")).isEqualTo(50);
    RecordingStore store = RecordingStore.working();

    WriteBehindFlusher live =
        fixture.flusher(
            "live", config(Duration.ofMillis(20), 500, Duration.ofMillis(500), null), store);

    await().until(() -> store.latest().size() == 50);
    assertThat(store.latest())
        .allSatisfy(
            (key, entry) -> assertThat(entry.getValue().toStringUtf8()).isEqualTo("v-" + key));
    assertThat(live.counters().entriesClaimed()).isEqualTo(50);
    await().until(() -> fixture.pending() == 0 && fixture.length() == 0);
    // holding nothing and silent for over claimIdle: the dead consumer is removed from the group
    await().until(() -> !fixture.consumers().contains("dead"));
    assertThat(fixture.consumers()).contains("live");
  }

  @Test
  @DisplayName(
      "a flusher closed while its store hangs acknowledges nothing, and a live one takes its batch"
          + " over")
  void closedWhileStoreHangs() {
    fixture.appendAll(books(20));
    RecordingStore hung = RecordingStore.hanging();
    WriteBehindFlusher stuck =
        fixture.flusher(
            "stuck", config(Duration.ofMillis(20), 500, Duration.ofSeconds(2), null), hung);
    await().until(() -> !hung.calls().isEmpty());
    assertThat(hung.calls().get(0).entries()).hasSize(20);

    stuck.close();

    assertThat(fixture.pendingOf("stuck")).isEqualTo(20);
    assertThat(fixture.length()).isEqualTo(20);
    RecordingStore store = RecordingStore.working();
    WriteBehindFlusher live =
        fixture.flusher(
            "live", config(Duration.ofMillis(20), 500, Duration.ofMillis(500), null), store);
    await().until(() -> store.latest().size() == 20);
    assertThat(live.counters().entriesClaimed()).isEqualTo(20);
    await().until(() -> fixture.pending() == 0 && fixture.length() == 0);
  }

  @Test
  @DisplayName(
      "a restarted consumer flushes what it held before it died without waiting for claimIdle")
  void ownPendingFirst() {
    fixture.appendAll(books(10));
    fixture.readAndDieAs("pod-1");
    RecordingStore store = RecordingStore.working();

    WriteBehindFlusher restarted =
        fixture.flusher(
            "pod-1", config(Duration.ofMillis(20), 500, Duration.ofMinutes(10), null), store);

    await().until(() -> store.latest().size() == 10);
    assertThat(restarted.counters().entriesClaimed()).isZero();
    await().until(() -> fixture.pending() == 0 && fixture.length() == 0);
  }

  @Test
  @DisplayName(
      "an entry deleted from the stream while pending is skipped and does not block the rest")
  void deletedWhilePending() {
    fixture.appendAll(books(3));
    String doomed =
        fixture.admin().xrange(fixture.stream.key(), Range.create("-", "+")).get(1).getId();
    fixture.readAndDieAs("pod-1");
    RedisCli.command(
        fixture.redis.host(), fixture.redis.port(), "XDEL", fixture.stream.key(), doomed);
    RecordingStore store = RecordingStore.working();

    fixture.flusher(
        "pod-1", config(Duration.ofMillis(20), 500, Duration.ofMinutes(10), null), store);

    await().until(() -> store.latest().keySet().equals(Set.of("isbn:0", "isbn:2")));
    await().until(() -> fixture.pending() == 0 && fixture.length() == 0);
    fixture.append("isbn:3", "v-isbn:3");
    await().until(() -> store.latest().containsKey("isbn:3"));
  }

  /** isbn:0..n-1, each with the value v-isbn:i. */
  static List<String[]> books(int n) {
    List<String[]> books = new ArrayList<>();
    for (int i = 0; i < n; i++) books.add(new String[] {"isbn:" + i, "v-isbn:" + i});
    return books;
  }
}
