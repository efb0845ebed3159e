package io.cachesync.sidecar.training;

import com.google.protobuf.ByteString;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's CacheLoader as a training start sees it: on loopback, every key found with the
 * same value, every Store accepted. So the ReadThrough and write strategies run their loader path
 * to the end, as they do in a pod, without a real application.
 */
final class TrainingLoader implements AutoCloseable {
  private final Server server;
  private final AtomicInteger stores;

  private TrainingLoader(Server server, AtomicInteger stores) {
    this.server = server;
    this.stores = stores;
  }

  static TrainingLoader start() throws IOException {
    AtomicInteger stores = new AtomicInteger();
    Server s =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Service(stores))
            .build()
            .start();
    return new TrainingLoader(s, stores);
  }

  /** Store calls answered so far. */
  int stores() {
    return stores.get();
  }

  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
  }

  private static final class Service extends CacheLoaderGrpc.CacheLoaderImplBase {
    private final AtomicInteger stores;

    Service(AtomicInteger stores) {
      this.stores = stores;
    }

    @Override
    public void load(LoadRequest request, StreamObserver<LoadResponse> answer) {
      answer.onNext(
          LoadResponse.newBuilder()
              .setFound(true)
              .setValue(ByteString.copyFromUtf8("loaded " + request.getKey()))
              .build());
      answer.onCompleted();
    }

    @Override
    public void store(StoreRequest request, StreamObserver<StoreResponse> answer) {
      stores.incrementAndGet();
      answer.onNext(StoreResponse.getDefaultInstance());
      answer.onCompleted();
    }
  }
}
