package io.cachesync.bench.proc;

import java.nio.file.Path;

/**
 * The sidecar configs the harness runs. Metrics are off (port 0) so no sidecar competes for a port
 * or does scrape work, and the drain is short so stopping takes no longer than it must.
 */
public final class SidecarYaml {
  /** The cache of the latency, throughput, GetMany, propagation and invalidation figures. */
  public static final String HIT_CACHE = "bench";

  /** L1 of one entry in front of L2, so nearly every Get goes to Redis: a sidecar without L1. */
  public static final String PASSTHROUGH_CACHE = "passthrough";

  public static final String PASSTHROUGH_PREFIX = "cachesync-bench:pt:";

  /** ReadThrough, loading from the harness's counting CacheLoader. */
  public static final String STAMPEDE_CACHE = "stampede";

  private SidecarYaml() {}

  /**
   * One pod of the 4: every cache the shared figures need, and a Unix socket; {@code delivery} is
   * the bus's ({@code PubSub} or {@code Stream}), {@code keyFile} the frame key's file (null:
   * frames unsigned, the default pods').
   */
  public static String pod(
      String redisUri,
      int port,
      Path socket,
      String channel,
      String delivery,
      Path keyFile,
      int loaderPort,
      int maxEntries) {
    return pod(null, redisUri, port, socket, channel, delivery, keyFile, loaderPort, maxEntries);
  }

  /**
   * As {@link #pod(String, int, Path, String, String, Path, int, int)} with {@code redis.mode}
   * ({@code Cluster}: {@code redisUri} is one seed node); null for one server.
   */
  public static String pod(
      String redisMode,
      String redisUri,
      int port,
      Path socket,
      String channel,
      String delivery,
      Path keyFile,
      int loaderPort,
      int maxEntries) {
    return """
        # written by bin/bench
        redis: {%surl: "%s"}
        grpc: {port: %d, unixSocket: "%s", drainTimeout: 1s}
        metrics: {port: 0}
        loader: {target: "127.0.0.1:%d"}
        sync: {channel: "%s", delivery: %s%s}
        caches:
          - {name: %s, strategy: LookAside, maximumSize: %d, ttl: 1h}
          - name: %s
            strategy: LookAside
            maximumSize: 1
            ttl: 1h
            l2: {enabled: true, prefix: "%s", ttl: 1h}
          - {name: %s, strategy: ReadThrough, maximumSize: 1000, ttl: 1h}
        """
        .formatted(
            redisMode == null ? "" : "mode: " + redisMode + ", ",
            redisUri,
            port,
            socket,
            loaderPort,
            channel,
            delivery,
            keyFile == null ? "" : ", keyFile: \"" + keyFile + "\"",
            HIT_CACHE,
            maxEntries,
            PASSTHROUGH_CACHE,
            PASSTHROUGH_PREFIX,
            STAMPEDE_CACHE);
  }

  /** A sidecar as a newcomer would run it: one LookAside cache, nothing else. */
  public static String minimal(String redisUri, int port, String channel, long maxEntries) {
    return """
        # written by bin/bench
        redis: {url: "%s"}
        grpc: {port: %d, drainTimeout: 1s}
        metrics: {port: 0}
        sync: {channel: "%s"}
        caches:
          - {name: %s, strategy: LookAside, maximumSize: %d, ttl: 1h}
        """
        .formatted(redisUri, port, channel, HIT_CACHE, maxEntries);
  }
}
