package io.cachesync.sidecar.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HeapGuardTest {

  @Test
  @DisplayName(
      "when the old generation stays over the threshold after a collection, every L1 cache is cleared")
  void clearsWhenHeapStaysFull() {
    CacheRegistry registry =
        new CacheRegistry(
            SidecarConfig.defaults()
                .withCaches(
                    List.of(new CacheConfig("counted", Strategy.LookAside, 1000L, null, null))));
    LocalCache cache = registry.find("counted");
    for (int i = 0; i < 100; i++) cache.write("k" + i, ByteString.copyFromUtf8("v"), 0);
    assertThat(cache.statistics().size()).isEqualTo(100);

    // a threshold of a byte: whatever the test JVM holds after a collection is over it
    HeapGuard guard = HeapGuard.start(registry, 1e-15);
    assertThat(guard).as("this JVM has an old generation to watch").isNotNull();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                System.gc(); // the guard acts on use measured right after a collection
                return guard.clears() > 0;
              });
      assertThat(cache.get("k1")).isNull();
    } finally {
      guard.close();
    }
  }

  @Test
  @DisplayName("under the threshold nothing is cleared")
  void quietUnderThreshold() {
    CacheRegistry registry =
        new CacheRegistry(
            SidecarConfig.defaults()
                .withCaches(
                    List.of(new CacheConfig("counted", Strategy.LookAside, 1000L, null, null))));
    registry.find("counted").write("k", ByteString.copyFromUtf8("v"), 0);
    HeapGuard guard = HeapGuard.start(registry, 0.999);
    try {
      System.gc();
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> guard.clears() == 0);
      assertThat(registry.find("counted").get("k")).isNotNull();
    } finally {
      guard.close();
    }
  }
}
