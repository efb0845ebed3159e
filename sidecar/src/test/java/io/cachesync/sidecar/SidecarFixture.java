package io.cachesync.sidecar;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.GrpcConfig;
import io.cachesync.sidecar.config.MetricsConfig;
import io.cachesync.sidecar.config.RedisConfig;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.config.SyncConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Real sidecars for tests: each its own gRPC server on a loopback port and its own Redis
 * connections.
 */
public final class SidecarFixture implements AutoCloseable {
  private final List<Sidecar> sidecars = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final String channel = "cachesync.test." + UUID.randomUUID();

  /** A change to the test config, for readability at call sites. */
  public interface Tweak extends UnaryOperator<SidecarConfig> {}

  /** A config for one test sidecar: free ports, metrics off, a channel of this fixture's own. */
  public SidecarConfig config(String redisUri) {
    return config(RedisConfig.of(redisUri));
  }

  /** As {@link #config(String)}, on a Redis described in full (Sentinel, credentials, TLS). */
  public SidecarConfig config(RedisConfig redis) {
    return SidecarConfig.defaults()
        .withRedis(redis)
        .withGrpc(GrpcConfig.defaults().withPort(0))
        .withMetrics(MetricsConfig.off())
        .withSync(
            SyncConfig.defaults()
                .withChannel(channel)
                .withHeartbeatInterval(Duration.ofMillis(200)))
        .withCaches(List.of(CacheConfig.lookAside("books"), CacheConfig.lookAside("authors")));
  }

  /**
   * The YAML of {@link #config} without its caches, for sidecars started from a file: free gRPC
   * port, this fixture's channel, and a reload interval short enough for tests.
   */
  public String yaml(String redisUri) {
    return yaml(redisUri, 0);
  }

  /** As {@link #yaml(String)}, with /metrics and /health on {@code metricsPort} (0: off). */
  public String yaml(String redisUri, int metricsPort) {
    return """
        redis: {url: "%s"}
        grpc: {port: 0}
        metrics: {host: 127.0.0.1, port: %d}
        sync: {channel: "%s", heartbeatInterval: 200ms}
        reload: {interval: 100ms}
        """
        .formatted(redisUri, metricsPort, channel);
  }

  /** A sidecar started from {@code file} and watching it, as {@code --config file} does. */
  public Sidecar startFromFile(Path file) {
    try {
      Sidecar s = Sidecar.start(ConfigLoader.load(file), file);
      sidecars.add(s);
      await().atMost(Duration.ofSeconds(20)).until(s::serving);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Sidecar> start(int count, String redisUri) {
    return start(count, redisUri, UnaryOperator.identity());
  }

  public List<Sidecar> start(int count, String redisUri, UnaryOperator<SidecarConfig> tweak) {
    return start(count, RedisConfig.of(redisUri), tweak);
  }

  public List<Sidecar> start(int count, RedisConfig redis, UnaryOperator<SidecarConfig> tweak) {
    List<Sidecar> started = new ArrayList<>();
    for (int i = 0; i < count; i++) started.add(startOne(tweak.apply(config(redis))));
    started.forEach(s -> await().atMost(Duration.ofSeconds(20)).until(s::serving));
    return started;
  }

  public Sidecar startOne(SidecarConfig config) {
    try {
      Sidecar s = Sidecar.start(config);
      sidecars.add(s);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public CacheServiceGrpc.CacheServiceBlockingStub client(Sidecar s) {
    ManagedChannel c =
        ManagedChannelBuilder.forAddress("127.0.0.1", s.grpcPort()).usePlaintext().build();
    channels.add(c);
    return CacheServiceGrpc.newBlockingStub(c).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public CacheServiceGrpc.CacheServiceStub asyncClient(Sidecar s) {
    ManagedChannel c =
        ManagedChannelBuilder.forAddress("127.0.0.1", s.grpcPort()).usePlaintext().build();
    channels.add(c);
    return CacheServiceGrpc.newStub(c);
  }

  public ManagedChannel channelTo(Sidecar s) {
    ManagedChannel c =
        ManagedChannelBuilder.forAddress("127.0.0.1", s.grpcPort()).usePlaintext().build();
    channels.add(c);
    return c;
  }

  public String channel() {
    return channel;
  }

  // Small verbs that keep the tests readable.

  public static GetResponse get(
      CacheServiceGrpc.CacheServiceBlockingStub c, String cache, String key) {
    return c.get(GetRequest.newBuilder().setCache(cache).setKey(key).build());
  }

  public static boolean write(
      CacheServiceGrpc.CacheServiceBlockingStub c, String cache, String key, String value) {
    return c.put(
            PutRequest.newBuilder()
                .setCache(cache)
                .setKey(key)
                .setValue(ByteString.copyFromUtf8(value))
                .build())
        .getApplied();
  }

  public static boolean fill(
      CacheServiceGrpc.CacheServiceBlockingStub c,
      String cache,
      String key,
      String value,
      long token) {
    return c.put(
            PutRequest.newBuilder()
                .setCache(cache)
                .setKey(key)
                .setValue(ByteString.copyFromUtf8(value))
                .setFillToken(token)
                .build())
        .getApplied();
  }

  /** Look-aside the way an application does it: Get, and on a miss fill with the token. */
  public static boolean missThenFill(
      CacheServiceGrpc.CacheServiceBlockingStub c, String cache, String key, String value) {
    GetResponse miss = get(c, cache, key);
    if (miss.getFound()) throw new AssertionError(key + " was expected to miss");
    return fill(c, cache, key, value, miss.getFillToken());
  }

  public static boolean hits(
      CacheServiceGrpc.CacheServiceBlockingStub c, String cache, String key) {
    return get(c, cache, key).getFound();
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    sidecars.forEach(Sidecar::close);
  }
}
