package io.cachesync.sidecar.training;

import java.nio.file.Path;

/**
 * The training start's config: one cache of each strategy, with and without L2, keyspace
 * notifications on, signed frames, a Unix socket where one can be bound, and metrics, so the start
 * loads what the pods' configs load between them. Written as YAML and read from a file as a pod's
 * is, so parsing and the file watcher are in the archive too.
 */
final class TrainingConfig {
  private TrainingConfig() {}

  static String yaml(
      String redisUrl, int metricsPort, String loaderTarget, Path socket, Path keyFile) {
    return """
        # cachesync-sidecar --train: a throwaway sidecar for the class-data archive
        redis: {url: "%s"}
        grpc: {port: 0, drainTimeout: 1s%s}
        metrics: {host: 127.0.0.1, port: %d}
        loader: {target: "%s"}
        sync: {channel: cachesync.archive-training, keyFile: "%s"}
        keyspaceNotifications: {events: [del, expired, evicted]}
        caches:
          - {name: look-aside, strategy: LookAside, maximumSize: 1000, ttl: 1h}
          - {name: look-aside-l2, strategy: LookAside, l2: {enabled: true}}
          - {name: read-through, strategy: ReadThrough}
          - {name: write-through, strategy: WriteThrough}
          - {name: write-around, strategy: WriteAround}
          - name: write-behind
            strategy: WriteBehind
            writeBehind: {flushInterval: 50ms}
        """
        .formatted(
            redisUrl,
            socket == null ? "" : ", unixSocket: \"" + socket + "\", unixSocketMode: \"0600\"",
            metricsPort,
            loaderTarget,
            keyFile);
  }
}
