package io.cachesync.consistency.run;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheLoaderGrpc;
import io.cachesync.api.v1.LoadRequest;
import io.cachesync.api.v1.LoadResponse;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.api.v1.StoreRequest;
import io.cachesync.api.v1.StoreResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application's database, as the checker runs it in its own JVM: rows by {@code cache/key}, a
 * CacheLoader gRPC server on 127.0.0.1 for the sidecars (Load reads a row, Store writes rows), and
 * direct reads and writes for the application's own LookAside code. Every Store is recorded with
 * its time. A fault can make the CacheLoader slow (a Load reads its row at once and answers late,
 * as a slow query does; a Store commits when it answers), failing (UNAVAILABLE, nothing changed) or
 * hanging (no answer until the fault is healed, then UNAVAILABLE, nothing changed).
 */
public final class StoreOfRecord implements AutoCloseable {
  /** A row the sidecars stored: when, and what ({@code null} for a delete). */
  public record Stored(long nanos, String value) {}

  private final Map<String, String> rows = new HashMap<>(); // guarded by itself
  private final Map<String, List<Stored>> stored = new ConcurrentHashMap<>();
  private final ScheduledExecutorService late =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "store-of-record-late");
            t.setDaemon(true);
            return t;
          });
  private final Server server;
  private volatile long delayMillis;
  private volatile boolean failing;
  private final List<StreamObserver<?>> hung = new ArrayList<>(); // guarded by itself
  private boolean hanging; // guarded by hung

  public StoreOfRecord() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(new Loader())
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the CacheLoader server", e);
    }
  }

  /** {@code 127.0.0.1:<port>}, for the sidecars' {@code loader.target}. */
  public String target() {
    return "127.0.0.1:" + ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /** Every CacheLoader call answers this much later (0: at once). */
  public void delay(long millis) {
    this.delayMillis = millis;
  }

  /** Every CacheLoader call fails with UNAVAILABLE while set. */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** While set, no CacheLoader call is answered; once cleared, those held fail (UNAVAILABLE). */
  public void hanging(boolean hang) {
    List<StreamObserver<?>> release;
    synchronized (hung) {
      hanging = hang;
      if (hang) return;
      release = List.copyOf(hung);
      hung.clear();
    }
    for (StreamObserver<?> out : release) {
      out.onError(Status.UNAVAILABLE.withDescription("the store hung").asException());
    }
  }

  /** The application reads its database (LookAside, after a miss). */
  public String read(String cache, String key) {
    synchronized (rows) {
      return rows.get(cache + "/" + key);
    }
  }

  /** The application writes its database (LookAside and ReadThrough writes); null deletes. */
  public void write(String cache, String key, String value) {
    synchronized (rows) {
      if (value == null) rows.remove(cache + "/" + key);
      else rows.put(cache + "/" + key, value);
    }
  }

  /** Every row now, by {@code cache/key}. */
  public Map<String, String> rows() {
    synchronized (rows) {
      return Map.copyOf(rows);
    }
  }

  /** What the sidecars stored for {@code cache/key}, in order. */
  public List<Stored> storedFor(String cacheKey) {
    return stored.getOrDefault(cacheKey, List.of());
  }

  @Override
  public void close() {
    server.shutdownNow();
    late.shutdownNow();
  }

  private <T> void answer(
      StreamObserver<T> out, Runnable commit, java.util.function.Supplier<T> r) {
    synchronized (hung) {
      if (hanging) {
        hung.add(out);
        return;
      }
    }
    Runnable reply =
        () -> {
          if (failing) {
            out.onError(Status.UNAVAILABLE.withDescription("the store is failing").asException());
            return;
          }
          commit.run();
          out.onNext(r.get());
          out.onCompleted();
        };
    long delay = delayMillis;
    if (delay <= 0) reply.run();
    else late.schedule(reply, delay, TimeUnit.MILLISECONDS);
  }

  private final class Loader extends CacheLoaderGrpc.CacheLoaderImplBase {
    @Override
    public void load(LoadRequest request, StreamObserver<LoadResponse> out) {
      String value = read(request.getCache(), request.getKey()); // the snapshot a slow query sees
      LoadResponse.Builder r = LoadResponse.newBuilder().setFound(value != null);
      if (value != null) r.setValue(ByteString.copyFromUtf8(value));
      answer(out, () -> {}, r::build);
    }

    @Override
    public void store(StoreRequest request, StreamObserver<StoreResponse> out) {
      answer(
          out,
          () -> {
            long now = System.nanoTime();
            for (StoreEntry e : request.getEntriesList()) {
              String value = e.getDelete() ? null : e.getValue().toStringUtf8();
              write(request.getCache(), e.getKey(), value);
              stored
                  .computeIfAbsent(
                      request.getCache() + "/" + e.getKey(), k -> new CopyOnWriteArrayList<>())
                  .add(new Stored(now, value));
            }
          },
          StoreResponse::getDefaultInstance);
    }
  }
}
