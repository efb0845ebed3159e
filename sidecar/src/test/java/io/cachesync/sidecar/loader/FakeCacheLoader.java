package io.cachesync.sidecar.loader;

import io.cachesync.api.v1.CacheLoaderGrpc;
import io.cachesync.api.v1.LoadRequest;
import io.cachesync.api.v1.LoadResponse;
import io.cachesync.api.v1.StoreRequest;
import io.cachesync.api.v1.StoreResponse;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The application's side of the contract for the tests: a real gRPC {@code CacheLoader} server on a
 * loopback TCP port of its own, whose answers each test scripts. It counts and records the calls it
 * sees, so a test can tell a retry from a single call.
 */
final class FakeCacheLoader extends CacheLoaderGrpc.CacheLoaderImplBase implements AutoCloseable {
  private final Server server;
  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicInteger stores = new AtomicInteger();
  private final List<LoadRequest> loadRequests = new CopyOnWriteArrayList<>();
  private final List<StoreRequest> storeRequests = new CopyOnWriteArrayList<>();
  private volatile BiConsumer<LoadRequest, StreamObserver<LoadResponse>> onLoad =
      (request, answer) -> answer(answer, LoadResponse.getDefaultInstance());
  private volatile BiConsumer<StoreRequest, StreamObserver<StoreResponse>> onStore =
      (request, answer) -> answer(answer, StoreResponse.getDefaultInstance());

  private FakeCacheLoader() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(this)
            .build()
            .start();
  }

  static FakeCacheLoader start() throws IOException {
    return new FakeCacheLoader();
  }

  /** {@code host:port}, as {@code loader.target} takes it. */
  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  FakeCacheLoader onLoad(BiConsumer<LoadRequest, StreamObserver<LoadResponse>> handler) {
    onLoad = handler;
    return this;
  }

  FakeCacheLoader onStore(BiConsumer<StoreRequest, StreamObserver<StoreResponse>> handler) {
    onStore = handler;
    return this;
  }

  int loads() {
    return loads.get();
  }

  int stores() {
    return stores.get();
  }

  List<LoadRequest> loadRequests() {
    return loadRequests;
  }

  List<StoreRequest> storeRequests() {
    return storeRequests;
  }

  static <T> void answer(StreamObserver<T> observer, T response) {
    observer.onNext(response);
    observer.onCompleted();
  }

  @Override
  public void load(LoadRequest request, StreamObserver<LoadResponse> observer) {
    loads.incrementAndGet();
    loadRequests.add(request);
    onLoad.accept(request, observer);
  }

  @Override
  public void store(StoreRequest request, StreamObserver<StoreResponse> observer) {
    stores.incrementAndGet();
    storeRequests.add(request);
    onStore.accept(request, observer);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
