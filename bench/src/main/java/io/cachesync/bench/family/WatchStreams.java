package io.cachesync.bench.family;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.WatchRequest;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Watch streams on the peers, each reporting the keys of every event to {@link Arrivals} as it is
 * read off the wire (direct-executor channels: no hop to another thread before the clock is read).
 */
final class WatchStreams implements AutoCloseable {
  private final List<Context.CancellableContext> contexts = new ArrayList<>();

  WatchStreams(
      List<LaunchedSidecar> peers,
      Function<LaunchedSidecar, ManagedChannel> channelOf,
      String cache,
      String keyPrefix,
      Arrivals arrivals) {
    for (int i = 0; i < peers.size(); i++) {
      int index = i;
      Context.CancellableContext ctx = Context.current().withCancellation();
      contexts.add(ctx);
      CacheServiceGrpc.CacheServiceStub stub =
          CacheServiceGrpc.newStub(channelOf.apply(peers.get(i)));
      ctx.run(
          () ->
              stub.watch(
                  WatchRequest.newBuilder().setCache(cache).setKeyPrefix(keyPrefix).build(),
                  new StreamObserver<>() {
                    @Override
                    public void onNext(CacheEvent event) {
                      long now = System.nanoTime();
                      for (String key : event.getKeysList()) arrivals.saw(index, key, now);
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                  }));
    }
  }

  @Override
  public void close() {
    contexts.forEach(c -> c.cancel(null));
  }
}
