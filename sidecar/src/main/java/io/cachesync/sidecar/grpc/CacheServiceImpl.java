package io.cachesync.sidecar.grpc;

import com.google.protobuf.ByteString;
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
import io.cachesync.api.v1.SessionRequest;
import io.cachesync.api.v1.SessionResponse;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.StatsResponse;
import io.cachesync.api.v1.WatchRequest;
import io.cachesync.sidecar.cache.CacheRegistry;
import io.cachesync.sidecar.cache.CacheStatistics;
import io.cachesync.sidecar.cache.LocalCache;
import io.cachesync.sidecar.config.LimitsConfig;
import io.cachesync.sidecar.metrics.SidecarMetrics;
import io.cachesync.sidecar.strategy.CacheStrategy;
import io.cachesync.sidecar.strategy.Strategies;
import io.cachesync.sidecar.sync.InvalidationBus;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

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
  private final LimitsConfig limits;
  private final SidecarMetrics metrics;
  private final DistributionDataPoint getTimer;
  private final DistributionDataPoint getManyTimer;
  private final DistributionDataPoint putTimer;
  private final DistributionDataPoint deleteTimer;
  private final DistributionDataPoint invalidateTimer;
  private final DistributionDataPoint invalidateAllTimer;

  public CacheServiceImpl(
      CacheRegistry caches,
      Strategies strategies,
      InvalidationBus bus,
      WatchHub watchers,
      ServingGate gate,
      LimitsConfig limits,
      SidecarMetrics metrics) {
    this.caches = caches;
    this.bus = bus;
    this.watchers = watchers;
    this.gate = gate;
    this.checks = new RequestChecks(strategies, limits, metrics::budgetHit);
    this.metrics = metrics;
    this.limits = limits;
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
      CacheStrategy strategy = checks.cache(request.getCache());
      String key = request.getKey();
      checks.key(key);
      ByteString hit = strategy.cache().get(key);
      if (hit != null) {
        out.onNext(GetResponse.newBuilder().setFound(true).setValue(hit).build());
        out.onCompleted();
        observe(getTimer, start);
        return;
      }
      strategy
          .onMiss(key)
          .whenComplete(
              (miss, error) -> {
                if (error != null) {
                  fail(out, StatusMapping.toStatus(error), getTimer, start);
                  return;
                }
                out.onNext(
                    miss.found()
                        ? GetResponse.newBuilder().setFound(true).setValue(miss.value()).build()
                        : GetResponse.newBuilder().setFillToken(miss.fillToken()).build());
                out.onCompleted();
                observe(getTimer, start);
              });
    } catch (RuntimeException e) {
      fail(out, StatusMapping.toStatus(e), getTimer, start);
    }
  }

  @Override
  public void getMany(GetManyRequest request, StreamObserver<GetManyResponse> out) {
    long start = System.nanoTime();
    try {
      open();
      CacheStrategy strategy = checks.cache(request.getCache());
      checks.keys(request.getKeysList());
      LocalCache l1 = strategy.cache();
      GetManyResponse.Builder response = GetManyResponse.newBuilder();
      List<String> misses = new ArrayList<>();
      long bytes = 0;
      for (String key : request.getKeysList()) {
        ByteString hit = l1.get(key);
        if (hit != null) {
          response.putValues(key, hit);
          bytes += key.length() + hit.size();
        } else {
          misses.add(key);
        }
      }
      // fail before loading anything more: the answer is already too large
      checks.responseBytes(bytes, !misses.isEmpty());
      long hitBytes = bytes;
      if (misses.isEmpty()) {
        answer(out, response.build(), null, getManyTimer, start);
        return;
      }
      long token = l1.issueFillToken();
      boolean tokensOut = strategy.applicationFills();
      strategy
          .onMisses(misses, token)
          .whenComplete(
              (found, error) -> {
                if (error != null) {
                  fail(out, StatusMapping.toStatus(error), getManyTimer, start);
                  return;
                }
                long total = hitBytes;
                for (var e : found.entrySet()) total += e.getKey().length() + e.getValue().size();
                try {
                  checks.responseBytes(total, false);
                } catch (StatusRuntimeException tooLarge) {
                  fail(out, tooLarge, getManyTimer, start);
                  return;
                }
                response.putAllValues(found);
                if (tokensOut) {
                  for (String key : misses)
                    if (!found.containsKey(key)) response.putFillTokens(key, token);
                }
                answer(out, response.build(), null, getManyTimer, start);
              });
    } catch (RuntimeException e) {
      fail(out, StatusMapping.toStatus(e), getManyTimer, start);
    }
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> out) {
    long start = System.nanoTime();
    try {
      open();
      CacheStrategy strategy = checks.cache(request.getCache());
      String key = request.getKey();
      checks.key(key);
      checks.value(request.getValue().size());
      long ttl = RequestChecks.ttlNanos(request.hasTtl(), request.getTtl());
      boolean fill = request.getFillToken() != 0;
      CompletableFuture<Boolean> applied =
          fill
              ? strategy.fill(key, request.getValue(), ttl, request.getFillToken())
              : strategy.write(key, request.getValue(), ttl).thenApply(x -> true);
      applied.whenComplete(
          (ok, error) -> {
            // a fill changes no data; a write does, even a failed one may have (told: harmless)
            if (!fill)
              watchers.publishLocal(CacheEvent.Kind.UPDATED, request.getCache(), List.of(key));
            answer(
                out,
                error == null ? PutResponse.newBuilder().setApplied(ok).build() : null,
                error,
                putTimer,
                start);
          });
    } catch (RuntimeException e) {
      fail(out, StatusMapping.toStatus(e), putTimer, start);
    }
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
    dropKeys(
        request.getCache(),
        request.getKeysList(),
        CacheStrategy::delete,
        CacheEvent.Kind.DELETED,
        out,
        DeleteResponse.getDefaultInstance(),
        deleteTimer);
  }

  @Override
  public void invalidate(InvalidateRequest request, StreamObserver<InvalidateResponse> out) {
    dropKeys(
        request.getCache(),
        request.getKeysList(),
        CacheStrategy::invalidate,
        CacheEvent.Kind.INVALIDATED,
        out,
        InvalidateResponse.getDefaultInstance(),
        invalidateTimer);
  }

  /** Delete and Invalidate: the same checks and answer around a different strategy call. */
  private <R> void dropKeys(
      String cache,
      List<String> keys,
      BiFunction<CacheStrategy, List<String>, CompletableFuture<Void>> drop,
      CacheEvent.Kind kind,
      StreamObserver<R> out,
      R response,
      DistributionDataPoint timer) {
    long start = System.nanoTime();
    try {
      open();
      CacheStrategy strategy = checks.cache(cache);
      checks.keys(keys);
      drop.apply(strategy, keys)
          .whenComplete(
              (ok, error) -> {
                watchers.publishLocal(kind, cache, keys);
                answer(out, response, error, timer, start);
              });
    } catch (RuntimeException e) {
      fail(out, StatusMapping.toStatus(e), timer, start);
    }
  }

  @Override
  public void invalidateAll(
      InvalidateAllRequest request, StreamObserver<InvalidateAllResponse> out) {
    long start = System.nanoTime();
    try {
      open();
      CacheStrategy strategy = checks.cache(request.getCache());
      strategy
          .invalidateAll()
          .whenComplete(
              (ok, error) -> {
                watchers.publishLocal(CacheEvent.Kind.CLEARED, request.getCache(), List.of());
                answer(
                    out,
                    InvalidateAllResponse.getDefaultInstance(),
                    error,
                    invalidateAllTimer,
                    start);
              });
    } catch (RuntimeException e) {
      fail(out, StatusMapping.toStatus(e), invalidateAllTimer, start);
    }
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<CacheEvent> out) {
    try {
      open();
      if (!request.getCache().isEmpty()) checks.cache(request.getCache());
      if (!watchers.add(
          request.getCache(),
          request.getKeyPrefix(),
          (ServerCallStreamObserver<CacheEvent>) out,
          limits.maxWatchStreams(),
          limits.maxWatchBacklogBytes(),
          () -> metrics.budgetHit("limits.maxWatchBacklogBytes"),
          request.getAnnounce(),
          request.getLocalChanges())) {
        throw checks.tooManyWatches();
      }
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
              : List.of(checks.cache(request.getCache()).cache());
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

  /**
   * Reads pipelined on one stream, each answered as its unary call would be: {@link ReadSession}.
   */
  @Override
  public StreamObserver<SessionRequest> session(StreamObserver<SessionResponse> out) {
    return new ReadSession(this, (ServerCallStreamObserver<SessionResponse>) out);
  }

  private void open() {
    StatusRuntimeException closed = gate.closed();
    if (closed != null) throw closed;
  }

  private static <R> void answer(
      StreamObserver<R> out, R response, Throwable error, DistributionDataPoint timer, long start) {
    if (error != null) {
      out.onError(StatusMapping.toStatus(error));
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
