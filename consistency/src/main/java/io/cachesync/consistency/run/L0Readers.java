package io.cachesync.consistency.run;

import io.cachesync.client.CacheSyncClient;
import io.cachesync.client.CacheView;
import io.cachesync.client.L0Config;
import io.cachesync.client.ValueCodec;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application as a JVM app with the Java client's in-process L0: one client per sidecar, each
 * with L0 on, shared by the workers that read through it. Their reads enter the history like any
 * other, so the checker holds L0 to the same model (its bound adds the Watch delivery delay).
 */
final class L0Readers implements AutoCloseable {
  private final List<CacheSyncClient> clients = new ArrayList<>();
  private final Map<String, CacheView<String, String>> views = new ConcurrentHashMap<>();

  L0Readers(List<LaunchedSidecar> sidecars) {
    for (LaunchedSidecar s : sidecars) {
      clients.add(
          CacheSyncClient.builder()
              .target("127.0.0.1:" + s.port())
              .deadline(Duration.ofSeconds(3))
              .watchBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
              .l0(L0Config.entries(10_000))
              .build());
    }
  }

  /** The view of {@code cache} through the client of sidecar {@code process}. */
  CacheView<String, String> view(int process, String cache) {
    return views.computeIfAbsent(
        process + "/" + cache, k -> clients.get(process).cache(cache, ValueCodec.utf8()));
  }

  @Override
  public void close() {
    for (CacheSyncClient c : clients) c.close();
  }
}
