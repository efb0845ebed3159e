package io.cachesync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class L0CacheTest {

  static L0Cache live() {
    L0Cache l0 = new L0Cache(L0Config.entries(100));
    l0.up();
    return l0;
  }

  @Test
  @DisplayName("until the stream is up nothing goes in and nothing is served; down empties it")
  void bypassedWhileDown() {
    L0Cache l0 = new L0Cache(L0Config.entries(100));
    assertThat(l0.stamp("books", "k")).isNull();
    l0.offer(l0.stamp("books", "k"), "books", "k", "v", 1);
    assertThat(l0.hit("books", "k")).isNull();

    l0.up();
    l0.offer(l0.stamp("books", "k"), "books", "k", "v", 1);
    assertThat(l0.hit("books", "k")).isEqualTo("v");
    L0Cache.Stamp before = l0.stamp("books", "k2");
    l0.down();
    assertThat(l0.hit("books", "k")).isNull();
    assertThat(l0.size()).isZero();
    l0.up();
    l0.offer(before, "books", "k2", "old", 3);
    assertThat(l0.hit("books", "k2")).as("read before the gap: refused after it").isNull();
  }

  @Test
  @DisplayName("a value read before a change of its key, or a clear of its cache, is refused")
  void epochs() {
    L0Cache l0 = live();
    L0Cache.Stamp s = l0.stamp("books", "k");
    l0.dropKey("books", "k");
    l0.offer(s, "books", "k", "v1", 2);
    assertThat(l0.hit("books", "k")).isNull();

    s = l0.stamp("books", "k");
    l0.dropCache("books");
    l0.offer(s, "books", "k", "v1", 2);
    assertThat(l0.hit("books", "k")).isNull();

    l0.offer(l0.stamp("books", "k"), "books", "k", "v2", 2);
    l0.offer(l0.stamp("films", "k"), "films", "k", "f", 1);
    l0.dropCache("books");
    assertThat(l0.hit("books", "k")).isNull();
    assertThat(l0.size()).as("a clear drops everything, as a gap does").isZero();
  }

  @Test
  @DisplayName(
      "racing reads and changes (key events, clears): once a change is processed, L0 never serves an older version")
  void raceNeverServesOlder() throws Exception {
    L0Cache l0 = live();
    AtomicLong version = new AtomicLong(); // the sidecar's current value of the key
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> violation = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              while (!stop.get()) {
                L0Cache.Stamp s = l0.stamp("c", "k");
                long v = version.get(); // the Get
                l0.offer(s, "c", "k", v, 8);
              }
            });
    reader.start();
    long deadline = System.nanoTime() + 500_000_000L;
    try {
      while (System.nanoTime() < deadline && violation.get() == null) {
        long now = version.incrementAndGet(); // a write reaches the sidecar
        if (now % 2 == 0) l0.dropKey("c", "k"); // its event reaches the client
        else l0.dropCache("c"); // or a clear does
        for (int i = 0; i < 50; i++) {
          Object seen = l0.hit("c", "k");
          if (seen != null && (Long) seen < now) {
            violation.set("served " + seen + " after the change to " + now);
          }
        }
      }
    } finally {
      stop.set(true);
      reader.join();
    }
    assertThat(violation.get()).isNull();
  }
}
