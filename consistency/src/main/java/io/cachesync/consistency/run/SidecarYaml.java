package io.cachesync.consistency.run;

import java.time.Duration;
import java.util.List;

/**
 * The config every sidecar of a run gets: one channel, the checker's CacheLoader, every cache under
 * test, a short heartbeat (so a lost last message is noticed within the bound), no metrics port,
 * the file read again every 300 ms for the {@code config-reload} fault, and keyspace notifications
 * ({@code set}, {@code del}) when an outside writer changes L2. Its edited form changes each
 * cache's bounds and ttl (applied in place) and the loader's timeout (which rebuilds every cache
 * that loads). Frames are signed with {@code keyFile}, as the operator's sidecars sign them. {@code
 * redisMode} is the sidecar's {@code redis.mode} ({@code Sentinel}, {@code Cluster}); null for one
 * server, whose config stays as it always was.
 */
public record SidecarYaml(
    String redisUri,
    String redisMode,
    String loaderTarget,
    String channel,
    String delivery,
    List<CacheUnderTest> caches,
    boolean keyspaceEvents,
    String keyFile) {
  static final Duration HEARTBEAT = Duration.ofMillis(200);

  public SidecarYaml {
    caches = List.copyOf(caches);
  }

  /**
   * The Redis Stream of {@code delivery: Stream}, named as the sidecar's SyncConfig.streamKey().
   */
  public String streamKey() {
    return channel + ":stream";
  }

  /** What carries the frames: the channel, or with Stream delivery the stream's key. */
  public String heldKey() {
    return delivery.equals("Stream") ? streamKey() : channel;
  }

  public String forPort(int port, boolean edited) {
    StringBuilder b =
        new StringBuilder(
            """
            # written by bin/consistency%s
            redis: {%surl: "%s"}
            grpc: {port: %d, drainTimeout: 1s}
            metrics: {port: 0}
            loader: {target: "%s", timeout: %s, retries: 1}
            sync: {channel: "%s", heartbeatInterval: %dms, delivery: %s, keyFile: "%s"}
            reload: {interval: 300ms}
            keyspaceNotifications: {events: [%s]}
            caches:
            """
                .formatted(
                    edited ? " (edited by the config-reload fault)" : "",
                    redisMode == null ? "" : "mode: " + redisMode + ", ",
                    redisUri,
                    port,
                    loaderTarget,
                    edited ? "1900ms" : "2s",
                    channel,
                    HEARTBEAT.toMillis(),
                    delivery,
                    keyFile,
                    keyspaceEvents ? "set, del" : ""));
    caches.forEach(c -> b.append(c.yaml(edited)));
    return b.toString();
  }
}
