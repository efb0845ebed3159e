package io.cachesync.bench;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.bench.family.Bus;
import io.cachesync.bench.proc.CountingLoader;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The four sidecars most figures share, pretend pods of one application on one invalidation
 * channel, each with its own counting CacheLoader. pod-1 is the one measured (it also has a Unix
 * socket and the preloaded hit keys); pods 2 to 4 are its peers. The rig keeps a set per {@link
 * Bus}: the default one on Pub/Sub delivery with unsigned frames, and the variants (Stream
 * delivery, signed frames) for the figures that compare them with it.
 */
public final class Pods {
  public static final int COUNT = 4;

  /** The key of hit number {@code i}: the same names in the sidecar, the no-op server and Redis. */
  public static String hitKey(long i) {
    return "hit-" + i;
  }

  private final List<LaunchedSidecar> sidecars;
  private final List<CountingLoader> loaders;
  private final Path socket;
  private final String channel;

  private Pods(
      List<LaunchedSidecar> sidecars, List<CountingLoader> loaders, Path socket, String channel) {
    this.sidecars = List.copyOf(sidecars);
    this.loaders = List.copyOf(loaders);
    this.socket = socket;
    this.channel = channel;
  }

  /**
   * Starts the loaders, then the sidecars in parallel, waits for each, and preloads pod-1.
   *
   * @param bus the bus's delivery, whether its frames are signed, and what sets this set apart in
   *     pod and channel names
   */
  static Pods start(Rig rig, Bus bus) throws IOException {
    return start(rig, bus, bus.tag(), null, rig.redis().uri());
  }

  /**
   * The four pods on the cluster ({@code redis.mode: Cluster}, {@code seedUri} one node of it),
   * Pub/Sub delivery, frames unsigned; their names and channel tagged {@code cluster-}.
   *
   * @throws IllegalStateException when a sidecar does not start (one that refuses the mode
   *     included), quoting its log
   */
  static Pods startOnCluster(Rig rig, String seedUri) throws IOException {
    return start(rig, Bus.PUB_SUB, "cluster-", "Cluster", seedUri);
  }

  private static Pods start(Rig rig, Bus bus, String tag, String redisMode, String redis)
      throws IOException {
    String delivery = bus.delivery();
    Path keyFile = bus.signed() ? rig.syncKeyFile() : null;
    List<CountingLoader> loaders = new ArrayList<>();
    List<LaunchedSidecar> sidecars = new ArrayList<>();
    String channel = rig.channelName(tag + "pods");
    Workload w = rig.workload();
    for (int i = 1; i <= COUNT; i++) {
      String name = tag + "pod-" + i;
      CountingLoader loader = CountingLoader.start();
      rig.cleanup("the counting loader of " + name, loader::close);
      loaders.add(loader);
      Path sock = rig.dir().resolve(name + ".sock");
      int loaderPort = loader.port();
      sidecars.add(
          rig.spawnSidecar(
              name,
              List.of(),
              port ->
                  SidecarYaml.pod(
                      redisMode,
                      redis,
                      port,
                      sock,
                      channel,
                      delivery,
                      keyFile,
                      loaderPort,
                      Math.max(200_000, w.hitKeys()))));
    }
    for (LaunchedSidecar s : sidecars) s.awaitServing();
    Pods pods = new Pods(sidecars, loaders, rig.dir().resolve(tag + "pod-1.sock"), channel);
    pods.preloadHits(w);
    return pods;
  }

  /** Writes the hit keys into pod-1's L1 (writes: the peers are told, and hold nothing anyway). */
  private void preloadHits(Workload w) {
    var stub = CacheServiceGrpc.newBlockingStub(measured().channel());
    ByteString value = ByteString.copyFrom(Values.of(w.valueBytes()));
    for (int i = 0; i < w.hitKeys(); i++) {
      stub.withDeadlineAfter(10, TimeUnit.SECONDS)
          .put(
              PutRequest.newBuilder()
                  .setCache(SidecarYaml.HIT_CACHE)
                  .setKey(hitKey(i))
                  .setValue(value)
                  .build());
    }
  }

  /** pod-1: the sidecar whose calls are timed. */
  public LaunchedSidecar measured() {
    return sidecars.get(0);
  }

  /** pod-1's Unix socket. */
  public Path socket() {
    return socket;
  }

  /** The invalidation channel all four subscribe to (Pub/Sub) or append to (Stream). */
  public String channel() {
    return channel;
  }

  /** pods 2 to 4. */
  public List<LaunchedSidecar> peers() {
    return sidecars.subList(1, sidecars.size());
  }

  public List<LaunchedSidecar> all() {
    return sidecars;
  }

  /** The counting CacheLoader of pod {@code index} (0-based). */
  public CountingLoader loader(int index) {
    return loaders.get(index);
  }
}
