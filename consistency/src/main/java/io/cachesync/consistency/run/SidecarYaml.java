package io.cachesync.consistency.run;

import java.time.Duration;
import java.util.List;

/**
 * The config every sidecar of a run gets: one channel, the checker's CacheLoader, every cache under
 * test, a short heartbeat (so a lost last message is noticed within the bound), no metrics port and
 * no reload polling.
 */
final class SidecarYaml {
  static final Duration HEARTBEAT = Duration.ofMillis(200);

  private SidecarYaml() {}

  static String of(
      String redisUri, int port, String loaderTarget, String channel, List<CacheUnderTest> caches) {
    StringBuilder b =
        new StringBuilder(
            """
            # written by bin/consistency
            redis: {url: "%s"}
            grpc: {port: %d, drainTimeout: 1s}
            metrics: {port: 0}
            loader: {target: "%s", timeout: 2s, retries: 1}
            sync: {channel: "%s", heartbeatInterval: %dms}
            reload: {interval: 0s}
            caches:
            """
                .formatted(redisUri, port, loaderTarget, channel, HEARTBEAT.toMillis()));
    caches.forEach(c -> b.append(c.yaml()));
    return b.toString();
  }
}
