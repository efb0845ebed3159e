package io.cachesync.sidecar;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheLoaderGrpc;
import io.cachesync.api.v1.LoadRequest;
import io.cachesync.api.v1.LoadResponse;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.api.v1.StoreRequest;
import io.cachesync.api.v1.StoreResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's store of record for tests: a CacheLoader gRPC server on a real loopback port,
 * backed by a map, counting what the sidecars ask of it, and able to fail or hold calls.
 */
public final class TestStore implements AutoCloseable {
  public final Map<String, ByteString> rows = new ConcurrentHashMap<>();
  public final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
  public final List<StoreEntry> stored = new CopyOnWriteArrayList<>();
  public final AtomicInteger storeCalls = new AtomicInteger();

  /** Store calls still to fail (with INTERNAL) before they succeed again. */
  public final AtomicInteger failStores = new AtomicInteger();

  /** When set, Loads wait for it before answering. */
  public volatile CountDownLatch holdLoads;

  /** When positive, each Store answers only after this many milliseconds (a slow database). */
  public volatile long storeDelayMillis;

  private final java.util.concurrent.ScheduledExecutorService slow =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "test-store-slow");
            t.setDaemon(true);
            return t;
          });
  private final Server server;

  public TestStore() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(new Loader())
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String target() {
    return "127.0.0.1:" + ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  public int loadsOf(String key) {
    AtomicInteger n = loads.get(key);
    return n == null ? 0 : n.get();
  }

  public void put(String key, String value) {
    rows.put(key, ByteString.copyFromUtf8(value));
  }

  public String row(String key) {
    ByteString v = rows.get(key);
    return v == null ? null : v.toStringUtf8();
  }

  @Override
  public void close() {
    slow.shutdownNow();
    server.shutdownNow();
  }

  private final class Loader extends CacheLoaderGrpc.CacheLoaderImplBase {
    @Override
    public void load(LoadRequest request, StreamObserver<LoadResponse> out) {
      loads.computeIfAbsent(request.getKey(), k -> new AtomicInteger()).incrementAndGet();
      CountDownLatch hold = holdLoads;
      // the row is read before the hold: a slow query returns what it read when it started
      ByteString row = rows.get(request.getKey());
      Runnable answer =
          () -> {
            out.onNext(
                row == null
                    ? LoadResponse.getDefaultInstance()
                    : LoadResponse.newBuilder().setFound(true).setValue(row).build());
            out.onCompleted();
          };
      if (hold == null) {
        answer.run();
      } else {
        Thread t =
            new Thread(
                () -> {
                  try {
                    hold.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  answer.run();
                });
        t.setDaemon(true);
        t.start();
      }
    }

    @Override
    public void store(StoreRequest request, StreamObserver<StoreResponse> out) {
      storeCalls.incrementAndGet();
      if (failStores.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        out.onError(
            Status.INTERNAL
                .withDescription("the database is read-only right now")
                .asRuntimeException());
        return;
      }
      Runnable apply =
          () -> {
            for (StoreEntry e : request.getEntriesList()) {
              if (e.getDelete()) rows.remove(e.getKey());
              else rows.put(e.getKey(), e.getValue());
              stored.add(e);
            }
            out.onNext(StoreResponse.getDefaultInstance());
            out.onCompleted();
          };
      long delay = storeDelayMillis;
      if (delay > 0) slow.schedule(apply, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
      else apply.run();
    }
  }
}
