package io.cachesync.sidecar.tier.writebehind;

import static io.cachesync.sidecar.tier.writebehind.WriteBehindFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.StoreEntry;
import io.cachesync.sidecar.config.WriteBehindConfig;
import io.cachesync.sidecar.loader.StoreOfRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two sidecars that each hold an entry of one key never have both stores in flight at once: the
 * store of record would apply them in either order.
 */
class StoreOrderIT {
  final WriteBehindFixture fixture = new WriteBehindFixture();

  /** The store of record both sidecars write to: a call's rows count once the call completes. */
  final Map<String, String> rows = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName(
      "a key whose older write is being stored by one sidecar waits on the other, so the store ends with the newer write")
  void oneStoreOfAKeyAtATime() throws Exception {
    CountDownLatch slowCommit = new CountDownLatch(1);
    AtomicInteger slowCalls = new AtomicInteger();
    StoreOfRecord slow =
        (cache, entries) -> {
          slowCalls.incrementAndGet();
          return CompletableFuture.runAsync(
              () -> {
                waitFor(slowCommit);
                apply(entries);
              });
        };
    StoreOfRecord quick =
        (cache, entries) -> {
          apply(entries);
          return CompletableFuture.completedFuture(null);
        };
    WriteBehindConfig claimIdle = config(Duration.ofMillis(10), 100, Duration.ofSeconds(30), null);

    fixture.append("k", "v1");
    WriteBehindFlusher podA = fixture.flusher("pod-a", claimIdle, slow);
    await().atMost(Duration.ofSeconds(10)).until(() -> slowCalls.get() == 1); // v1 in flight
    fixture.append("k", "v2");
    WriteBehindFlusher podB = fixture.flusher("pod-b", claimIdle, quick);
    await() // b has read v2 and either waits (deferred) or stored it already
        .atMost(Duration.ofSeconds(10))
        .until(() -> podB.counters().keysDeferred() > 0 || podB.counters().entriesFlushed() > 0);

    slowCommit.countDown(); // v1 commits now
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                podA.counters().entriesFlushed() == 1
                    && podB.counters().entriesFlushed() == 1
                    && fixture.pending() == 0);
    assertThat(rows.get("k")).isEqualTo("v2");
  }

  private void apply(List<StoreEntry> entries) {
    for (StoreEntry e : entries) {
      if (e.getDelete()) rows.remove(e.getKey());
      else rows.put(e.getKey(), e.getValue().toStringUtf8());
    }
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
