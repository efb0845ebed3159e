package io.cachesync.bench;

import io.cachesync.bench.family.Bus;
import io.cachesync.bench.net.DelayProxy;
import io.cachesync.bench.proc.Channels;
import io.cachesync.bench.proc.NoopServerProcess;
import io.cachesync.bench.proc.SidecarRuntime;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.bench.proc.SyncKeyFile;
import io.cachesync.testsupport.RedisCluster;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.Teardown;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * What the measurements run against, each started the first time a family asks for it: the Redis
 * server, a Lettuce client, the four pods, the no-op server, and for the cluster figures the
 * 3-shard cluster, its Lettuce cluster client and four pods on it. A {@code --only startup} run
 * therefore starts no pods. Everything is registered with the {@link Teardown}, so it is stopped at
 * the end, on failure, on Ctrl-C and when the time budget runs out.
 */
public final class Rig {
  /** Redis keys of the GET baseline: the same names and values as the sidecar's hits. */
  public static final String REDIS_HIT_PREFIX = "cachesync-bench:";

  private final Workload workload;
  private final Path dir;
  private final SidecarRuntime runtime;
  private final SidecarLauncher launcher;
  private final Channels channels;
  private final Teardown cleanup;
  private final PrintStream progress;
  private final String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);

  private RedisServer redis;
  private RedisClient lettuce;
  private StatefulRedisConnection<String, byte[]> data;
  private final Duration remoteDelay;
  private DelayProxy remoteProxy;
  private StatefulRedisConnection<String, byte[]> remoteData;
  private final Map<Bus, Pods> podSets = new EnumMap<>(Bus.class);
  private Path syncKey;
  private NoopServerProcess noop;
  private RedisCluster cluster;
  private RedisClusterClient clusterClient;
  private Pods clusterPods;
  private SidecarRefused clusterRefused;

  Rig(
      Workload workload,
      Path dir,
      SidecarRuntime runtime,
      SidecarLauncher launcher,
      Channels channels,
      Teardown cleanup,
      PrintStream progress,
      Duration remoteDelay) {
    this.remoteDelay = remoteDelay;
    this.workload = workload;
    this.dir = dir;
    this.runtime = runtime;
    this.launcher = launcher;
    this.channels = channels;
    this.cleanup = cleanup;
    this.progress = progress;
  }

  public Workload workload() {
    return workload;
  }

  public Path dir() {
    return dir;
  }

  public SidecarRuntime runtime() {
    return runtime;
  }

  public Channels channels() {
    return channels;
  }

  /** A line of progress on stderr, so a long run shows where it is. */
  public void progress(String format, Object... args) {
    progress.printf("  " + format + "%n", args);
  }

  /**
   * An invalidation channel of this run only, so separate groups of sidecars never hear each other.
   */
  public String channelName(String group) {
    return "cachesync.bench." + nonce + "." + group;
  }

  /** Registers something to stop with the rest. */
  public void cleanup(String what, Teardown.Step step) {
    cleanup.add(what, step);
  }

  public synchronized RedisServer redis() {
    if (redis == null) {
      RedisServer r = RedisServer.start();
      // the sidecars go first, so that none of them sees its Redis vanish while it is stopped
      cleanup.add(
          "redis-server",
          () -> {
            launcher.close();
            r.close();
          });
      redis = r;
      progress("redis-server %s (%s)", r.uri(), r.provider());
    }
    return redis;
  }

  /**
   * The redis-server's pid when it runs as a child process of the harness (for its CPU time), -1
   * when it does not (in a container).
   */
  public long redisPid() {
    String listening = ":" + redis().port();
    // redis-server retitles itself "redis-server 127.0.0.1:PORT" (and its binary may be a link to
    // redis-check-rdb), so the raw /proc cmdline is what names it
    return ProcessHandle.current()
        .descendants()
        .filter(
            p -> {
              try {
                String line = Files.readString(Path.of("/proc", p.pid() + "", "cmdline"));
                return line.contains("redis-server") && line.contains(listening);
              } catch (IOException | RuntimeException e) {
                return false;
              }
            })
        .mapToLong(ProcessHandle::pid)
        .findFirst()
        .orElse(-1);
  }

  public synchronized RedisClient lettuce() {
    if (lettuce == null) {
      RedisClient c = RedisClient.create(RedisURI.create(redis().uri()));
      cleanup.add("the Lettuce client", () -> c.shutdown(0, 2, TimeUnit.SECONDS));
      lettuce = c;
    }
    return lettuce;
  }

  /**
   * A connection with String keys and byte[] values, as an application would hold one; the hit keys
   * are in Redis too once it exists (GET baseline and the pass-through cache's L2).
   */
  public synchronized StatefulRedisConnection<String, byte[]> redisData() {
    if (data == null) {
      StatefulRedisConnection<String, byte[]> c =
          lettuce().connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      Map<String, byte[]> keys = new HashMap<>();
      byte[] value = Values.of(workload.valueBytes());
      for (int i = 0; i < workload.hitKeys(); i++) {
        keys.put(REDIS_HIT_PREFIX + Pods.hitKey(i), value);
        keys.put(SidecarYaml.PASSTHROUGH_PREFIX + Pods.hitKey(i), value);
      }
      c.sync().mset(keys);
      data = c;
    }
    return data;
  }

  /**
   * Redis one network hop away: {@link #redisData()}'s server through a {@link DelayProxy} that
   * holds each chunk {@code --remote-delay-us} each way, with a connection of its own.
   */
  public synchronized StatefulRedisConnection<String, byte[]> remoteRedisData() {
    if (remoteData == null) {
      redisData(); // the keys are there
      DelayProxy proxy =
          DelayProxy.start(new InetSocketAddress("127.0.0.1", redis().port()), remoteDelay);
      cleanup.add("the delay proxy", proxy::close);
      RedisURI uri = RedisURI.create(redis().uri());
      uri.setPort(proxy.port());
      StatefulRedisConnection<String, byte[]> c =
          lettuce().connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri);
      cleanup.add("the remote Redis connection", c::close);
      remoteProxy = proxy;
      remoteData = c;
    }
    return remoteData;
  }

  /** The proxy behind {@link #remoteRedisData()}, once that was asked for. */
  public synchronized DelayProxy remoteProxy() {
    remoteRedisData();
    return remoteProxy;
  }

  /** The four pods on the default bus: Pub/Sub, frames unsigned. */
  public synchronized Pods pods() throws IOException {
    return pods(Bus.PUB_SUB);
  }

  /**
   * The four pods of {@code bus}, one set per bus (its own channel), started the first time a
   * family asks: the stream and signed figures compare a second set with the default one.
   */
  public synchronized Pods pods(Bus bus) throws IOException {
    Pods set = podSets.get(bus);
    if (set == null) {
      set = startPods(bus);
      podSets.put(bus, set);
    }
    return set;
  }

  /** The run's own frame key, one file every signed pod is given. */
  public synchronized Path syncKeyFile() throws IOException {
    if (syncKey == null) syncKey = SyncKeyFile.write(dir.resolve("sync.key"));
    return syncKey;
  }

  private Pods startPods(Bus bus) throws IOException {
    redisData();
    long t = System.nanoTime();
    Pods started = Pods.start(this, bus);
    progress(
        "%d sidecars (%s delivery%s) SERVING in %d ms (pod-1 pid %d)",
        Pods.COUNT,
        bus.delivery(),
        bus.signed() ? ", frames signed" : "",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t),
        started.measured().pid());
    return started;
  }

  /** The 3-shard cluster (3 masters + 3 replicas), started the first time it is asked for. */
  public synchronized RedisCluster cluster() {
    if (cluster == null) {
      long t = System.nanoTime();
      RedisCluster c = RedisCluster.start();
      // as for the server: the sidecars go first
      cleanup.add(
          "the redis cluster",
          () -> {
            launcher.close();
            c.close();
          });
      cluster = c;
      progress(
          "redis cluster, 3 masters + 3 replicas, seed %s, up in %d ms",
          c.seed(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
    }
    return cluster;
  }

  /** Lettuce's cluster client on {@link #cluster()}, topology discovered from one seed. */
  public synchronized RedisClusterClient clusterClient() {
    if (clusterClient == null) {
      RedisClusterClient c = RedisClusterClient.create(RedisURI.create(cluster().seed().uri()));
      cleanup.add("the Lettuce cluster client", () -> c.shutdown(0, 2, TimeUnit.SECONDS));
      clusterClient = c;
    }
    return clusterClient;
  }

  /**
   * The four pods on the cluster ({@code redis.mode: Cluster}), started the first time a family
   * asks.
   *
   * @throws SidecarRefused when they do not start (this one and every later call: a refusal is not
   *     tried again), with the sidecar's reason
   */
  public synchronized Pods clusterPods() throws IOException, SidecarRefused {
    if (clusterRefused != null) throw clusterRefused;
    if (clusterPods == null) {
      redisData();
      long t = System.nanoTime();
      try {
        clusterPods = Pods.startOnCluster(this, cluster().seed().uri());
      } catch (IllegalStateException e) {
        clusterRefused = SidecarRefused.from(e);
        progress("the sidecars did not start on the cluster: %s", clusterRefused.getMessage());
        throw clusterRefused;
      }
      progress(
          "%d sidecars on the cluster SERVING in %d ms (pod-1 pid %d)",
          Pods.COUNT,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t),
          clusterPods.measured().pid());
    }
    return clusterPods;
  }

  public synchronized NoopServerProcess noop() {
    if (noop == null) {
      noop =
          NoopServerProcess.start(
              launcher, runtime, channels, dir, "hit-", workload.hitKeys(), workload.valueBytes());
      progress("no-op gRPC server 127.0.0.1:%d (pid %d)", noop.port(), noop.pid());
    }
    return noop;
  }

  /**
   * Spawns a sidecar (returns at once; await it with {@link LaunchedSidecar#awaitServing()}).
   *
   * @param extraJvmOpts options after {@code --sidecar-jvm-opts} (a later {@code -Xmx} wins)
   * @param yamlForPort the config for a given gRPC port
   */
  public LaunchedSidecar spawnSidecar(
      String name, List<String> extraJvmOpts, IntFunction<String> yamlForPort) {
    return launcher.spawn(
        runtime
            .sidecar(name, extraJvmOpts, dir)
            .config(yamlForPort)
            .channels(channels::tcp)
            .build());
  }
}
