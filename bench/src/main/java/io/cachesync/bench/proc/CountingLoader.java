package io.cachesync.bench.proc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import io.cachesync.api.v1.CacheLoaderGrpc;
import io.cachesync.api.v1.LoadRequest;
import io.cachesync.api.v1.LoadResponse;
import io.cachesync.api.v1.StoreRequest;
import io.cachesync.api.v1.StoreResponse;
import io.cachesync.testsupport.FreePort;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's CacheLoader as the stampede figure needs it, served from the harness process:
 * it counts Loads by key, and while {@link #hold()} is on it holds its answers, so that every
 * concurrent Get of a missing key arrives while the first Load is still in flight. Only a sidecar
 * that loads each key once at a time (single flight) then makes exactly one Load. No answer is held
 * longer than {@link #MAX_HOLD}, well inside the sidecar's Load deadline (2 s by default): a Load
 * that timed out would be retried, and the retry counted as a second Load.
 */
public final class CountingLoader implements AutoCloseable {
  private static final Duration TTL = Duration.newBuilder().setSeconds(3600).build();
  static final java.time.Duration MAX_HOLD = java.time.Duration.ofMillis(1_000);

  private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "counting-loader-timer");
            t.setDaemon(true);
            return t;
          });
  private Server server;

  private CountingLoader() {}

  /** Starts on a free 127.0.0.1 port. */
  public static CountingLoader start() throws IOException {
    CountingLoader loader = new CountingLoader();
    for (int attempt = 1; ; attempt++) {
      try {
        loader.server =
            NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", FreePort.pick()))
                .directExecutor()
                .addService(loader.new Service())
                .build()
                .start();
        return loader;
      } catch (IOException e) {
        if (!(e.getCause() instanceof BindException) || attempt == 3) throw e;
      }
    }
  }

  public int port() {
    return server.getPort();
  }

  public int loadsOf(String key) {
    AtomicInteger n = loads.get(key);
    return n == null ? 0 : n.get();
  }

  /**
   * When each Load of {@code key} arrived, in milliseconds after the first: a second Load about 2 s
   * after the first is the sidecar retrying a Load that timed out, not a stampede.
   */
  public List<Long> arrivalMillis(String key) {
    List<Long> at = arrivals.getOrDefault(key, List.of());
    if (at.isEmpty()) return List.of();
    long first = at.get(0);
    return at.stream().map(t -> TimeUnit.NANOSECONDS.toMillis(t - first)).toList();
  }

  /** From now on Loads are counted but not answered, until {@link #release()}. */
  public synchronized void hold() {
    holding = true;
  }

  /** Answers every held Load, and answers later ones at once. */
  public void release() {
    List<Runnable> answers;
    synchronized (this) {
      holding = false;
      answers = new ArrayList<>(held);
      held.clear();
    }
    answers.forEach(Runnable::run);
  }

  @Override
  public void close() {
    release();
    timer.shutdownNow();
    server.shutdownNow();
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Service extends CacheLoaderGrpc.CacheLoaderImplBase {
    @Override
    public void load(LoadRequest request, StreamObserver<LoadResponse> out) {
      loads.computeIfAbsent(request.getKey(), k -> new AtomicInteger()).incrementAndGet();
      arrivals
          .computeIfAbsent(request.getKey(), k -> new CopyOnWriteArrayList<>())
          .add(System.nanoTime());
      AtomicBoolean answered = new AtomicBoolean();
      Runnable answer =
          () -> {
            if (!answered.compareAndSet(false, true)) return;
            out.onNext(
                LoadResponse.newBuilder()
                    .setFound(true)
                    .setValue(ByteString.copyFromUtf8("loaded:" + request.getKey()))
                    .setTtl(TTL)
                    .build());
            out.onCompleted();
          };
      synchronized (CountingLoader.this) {
        if (holding) {
          held.add(answer);
          timer.schedule(answer, MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
          return;
        }
      }
      answer.run();
    }

    @Override
    public void store(StoreRequest request, StreamObserver<StoreResponse> out) {
      out.onNext(StoreResponse.getDefaultInstance());
      out.onCompleted();
    }
  }
}
