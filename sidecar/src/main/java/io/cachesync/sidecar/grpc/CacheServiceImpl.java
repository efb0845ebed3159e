package io.cachesync.sidecar.grpc;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.DeleteRequest;
import io.cachesync.api.v1.DeleteResponse;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetManyResponse;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateAllRequest;
import io.cachesync.api.v1.InvalidateAllResponse;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.InvalidateResponse;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.api.v1.PutResponse;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.StatsResponse;
import io.cachesync.api.v1.WatchRequest;
import io.cachesync.sidecar.cache.CacheRegistry;
import io.cachesync.sidecar.cache.CacheStatistics;
import io.cachesync.sidecar.cache.CachedValue;
import io.cachesync.sidecar.cache.InvalidFillTokenException;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.config.LimitsConfig;
import io.cachesync.sidecar.metrics.SidecarMetrics;
import io.cachesync.sidecar.sync.Change;
import io.cachesync.sidecar.sync.ChangeKind;
import io.cachesync.sidecar.sync.InvalidationBus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The CacheService for LookAside caches: requests in, L1 and the bus out, statuses back. Every
 * handler runs on the transport thread (the server uses a direct executor), so nothing here may
 * block: changes that go to peers answer when the bus's future completes.
 */
public final class CacheServiceImpl extends CacheServiceGrpc.CacheServiceImplBase {
  private final CacheRegistry caches;
  private final InvalidationBus bus;
  private final WatchHub watchers;
  private final ServingGate gate;
  private final RequestChecks checks;
  private final DistributionDataPoint getTimer;
  private final DistributionDataPoint getManyTimer;
  private final DistributionDataPoint putTimer;
  private final DistributionDataPoint deleteTimer;
  private final DistributionDataPoint invalidateTimer;
  private final DistributionDataPoint invalidateAllTimer;

  public CacheServiceImpl(
      CacheRegistry caches,
      InvalidationBus bus,
      WatchHub watchers,
      ServingGate gate,
      LimitsConfig limits,
      SidecarMetrics metrics) {
    this.caches = caches;
    this.bus = bus;
    this.watchers = watchers;
    this.gate = gate;
    this.checks = new RequestChecks(caches, limits);
    this.getTimer = metrics.rpc("Get");
    this.getManyTimer = metrics.rpc("GetMany");
    this.putTimer = metrics.rpc("Put");
    this.deleteTimer = metrics.rpc("Delete");
    this.invalidateTimer = metrics.rpc("Invalidate");
    this.invalidateAllTimer = metrics.rpc("InvalidateAll");
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> out) {
    long start = System.nanoTime();
    try {
      open();
      LocalCache cache = checks.cache(request.getCache());
      String key = request.getKey();
      checks.key(key);
      CachedValue hit = cache.get(key);
      out.onNext(
          hit != null
              ? GetResponse.newBuilder().setFound(true).setValue(hit.value()).build()
              : GetResponse.newBuilder().setFillToken(cache.issueFillToken()).build());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
    observe(getTimer, start);
  }

  @Override
  public void getMany(GetManyRequest request, StreamObserver<GetManyResponse> out) {
    long start = System.nanoTime();
    try {
      open();
      LocalCache cache = checks.cache(request.getCache());
      checks.keys(request.getKeysList());
      GetManyResponse.Builder response = GetManyResponse.newBuilder();
      long token = 0;
      for (String key : request.getKeysList()) {
        CachedValue hit = cache.get(key);
        if (hit != null) {
          response.putValues(key, hit.value());
        } else {
          if (token == 0) token = cache.issueFillToken();
          response.putFillTokens(key, token);
        }
      }
      out.onNext(response.build());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
    observe(getManyTimer, start);
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> out) {
    long start = System.nanoTime();
    try {
      open();
      LocalCache cache = checks.cache(request.getCache());
      String key = request.getKey();
      checks.key(key);
      checks.value(request.getValue().size());
      long ttl = RequestChecks.ttlNanos(request.hasTtl(), request.getTtl());
      if (request.getFillToken() != 0) {
        boolean applied = cache.fill(key, request.getValue(), ttl, request.getFillToken());
        out.onNext(PutResponse.newBuilder().setApplied(applied).build());
        out.onCompleted();
        observe(putTimer, start);
        return;
      }
      cache.write(key, request.getValue(), ttl);
      broadcast(cache, Change.keys(ChangeKind.UPDATED, cache.name(), List.of(key)))
          .whenComplete(
              (ok, error) ->
                  answer(
                      out,
                      PutResponse.newBuilder().setApplied(true).build(),
                      error,
                      putTimer,
                      start));
    } catch (InvalidFillTokenException e) {
      fail(out, RequestChecks.invalid(e.getMessage()), putTimer, start);
    } catch (StatusRuntimeException e) {
      fail(out, e, putTimer, start);
    }
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
    drop(
        request.getCache(),
        request.getKeysList(),
        ChangeKind.DELETED,
        out,
        DeleteResponse.getDefaultInstance(),
        deleteTimer);
  }

  @Override
  public void invalidate(InvalidateRequest request, StreamObserver<InvalidateResponse> out) {
    drop(
        request.getCache(),
        request.getKeysList(),
        ChangeKind.INVALIDATED,
        out,
        InvalidateResponse.getDefaultInstance(),
        invalidateTimer);
  }

  @Override
  public void invalidateAll(
      InvalidateAllRequest request, StreamObserver<InvalidateAllResponse> out) {
    long start = System.nanoTime();
    try {
      open();
      LocalCache cache = checks.cache(request.getCache());
      cache.clear();
      broadcast(cache, Change.cleared(cache.name()))
          .whenComplete(
              (ok, error) ->
                  answer(
                      out,
                      InvalidateAllResponse.getDefaultInstance(),
                      error,
                      invalidateAllTimer,
                      start));
    } catch (StatusRuntimeException e) {
      fail(out, e, invalidateAllTimer, start);
    }
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<CacheEvent> out) {
    try {
      open();
      if (!request.getCache().isEmpty()) checks.cache(request.getCache());
      watchers.add(
          request.getCache(), request.getKeyPrefix(), (ServerCallStreamObserver<CacheEvent>) out);
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  @Override
  public void stats(StatsRequest request, StreamObserver<StatsResponse> out) {
    try {
      StatsResponse.Builder r = StatsResponse.newBuilder().setCache(request.getCache());
      List<LocalCache> selected =
          request.getCache().isEmpty()
              ? List.copyOf(caches.all())
              : List.of(checks.cache(request.getCache()));
      for (LocalCache c : selected) {
        CacheStatistics s = c.statistics();
        r.setHits(r.getHits() + s.hits())
            .setMisses(r.getMisses() + s.misses())
            .setSize(r.getSize() + s.size())
            .setWeightedSize(r.getWeightedSize() + s.weightedSize())
            .setEvictions(r.getEvictions() + s.evictions())
            .setInvalidationsSent(r.getInvalidationsSent() + s.invalidationsSent())
            .setInvalidationsReceived(r.getInvalidationsReceived() + s.invalidationsReceived())
            .setFillsRejected(r.getFillsRejected() + s.fillsRejected());
      }
      out.onNext(r.setGaps(bus.counters().gaps()).setSyncState(bus.state().name()).build());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    }
  }

  private <R> void drop(
      String cacheName,
      List<String> keys,
      ChangeKind kind,
      StreamObserver<R> out,
      R response,
      DistributionDataPoint timer) {
    long start = System.nanoTime();
    try {
      open();
      LocalCache cache = checks.cache(cacheName);
      checks.keys(keys);
      cache.invalidateAll(keys);
      broadcast(cache, Change.keys(kind, cache.name(), keys))
          .whenComplete((ok, error) -> answer(out, response, error, timer, start));
    } catch (StatusRuntimeException e) {
      fail(out, e, timer, start);
    }
  }

  private CompletableFuture<Void> broadcast(LocalCache cache, Change change) {
    cache.countSent(change.keys().size());
    return bus.publish(change);
  }

  private void open() {
    StatusRuntimeException closed = gate.closed();
    if (closed != null) throw closed;
  }

  private static <R> void answer(
      StreamObserver<R> out, R response, Throwable error, DistributionDataPoint timer, long start) {
    if (error != null) {
      out.onError(
          Status.INTERNAL
              .withDescription("broadcasting the change failed: " + error)
              .asRuntimeException());
    } else {
      out.onNext(response);
      out.onCompleted();
    }
    observe(timer, start);
  }

  private static void fail(
      StreamObserver<?> out, StatusRuntimeException e, DistributionDataPoint timer, long start) {
    out.onError(e);
    observe(timer, start);
  }

  private static void observe(DistributionDataPoint timer, long start) {
    timer.observe((System.nanoTime() - start) / 1e9);
  }
}
