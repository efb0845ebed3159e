package io.cachesync.demo;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateAllRequest;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.api.v1.PutResponse;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.StatsResponse;
import io.cachesync.api.v1.WatchRequest;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The application in one pretend pod, talking to its own sidecar over gRPC. It also keeps a tally
 * of what it saw and what the story expects of its sidecar, to compare with the sidecar's own Stats
 * at the end.
 */
final class Pod {
  static final String CACHE = "books";
  private static final long CALL_TIMEOUT_MILLIS = 5_000;

  /** A result and how long the call took. */
  record Timed<T>(T value, long nanos, long endNanos) {}

  /** What this pod's sidecar should report in Stats. */
  static final class Tally {
    long hits;
    long misses;
    long size;
    long sent;
    long received;
    long refused;
  }

  private final LaunchedSidecar sidecar;
  private final String origin;
  private final WatchFeed feed;
  final Tally tally = new Tally();

  /** For a sidecar that is SERVING (and so has logged its id). */
  Pod(LaunchedSidecar sidecar) {
    this.sidecar = sidecar;
    this.origin = sidecar.origin();
    this.feed = new WatchFeed(sidecar.name());
  }

  String name() {
    return sidecar.name();
  }

  LaunchedSidecar sidecar() {
    return sidecar;
  }

  WatchFeed watch() {
    return feed;
  }

  /** Whether an event came from this pod's sidecar. */
  boolean isOrigin(CacheEvent e) {
    return origin != null ? e.getOrigin().equals(origin) : e.getOrigin().startsWith(name() + "-");
  }

  /** The sidecar's id for printing: {@code pod-2-3fa2c1d0}. */
  String id() {
    return origin == null ? name() : origin;
  }

  /** Starts streaming this sidecar's events for the books cache into {@link #watch()}. */
  void openWatch() {
    CacheServiceGrpc.newStub(sidecar.channel())
        .watch(WatchRequest.newBuilder().setCache(CACHE).build(), feed);
  }

  Timed<GetResponse> get(String key) {
    Timed<GetResponse> r =
        call(
            "Get " + key,
            () -> stub().get(GetRequest.newBuilder().setCache(CACHE).setKey(key).build()));
    if (r.value().getFound()) tally.hits++;
    else tally.misses++;
    return r;
  }

  /** A Put with the token of a miss: installed here only, unless an invalidation overtook it. */
  Timed<PutResponse> fill(String key, ByteString value, long token) {
    Timed<PutResponse> r =
        call("Put (fill) " + key, () -> stub().put(put(key, value).setFillToken(token).build()));
    if (r.value().getApplied()) tally.size = 1;
    else tally.refused++;
    return r;
  }

  /** A Put without a token: installed here, every peer drops its copy. */
  Timed<PutResponse> write(String key, ByteString value) {
    Timed<PutResponse> r = call("Put (write) " + key, () -> stub().put(put(key, value).build()));
    tally.size = 1;
    tally.sent++;
    return r;
  }

  /** Drops the key here and on every peer. */
  Timed<Void> invalidate(String key) {
    Timed<?> r =
        call(
            "Invalidate " + key,
            () ->
                stub()
                    .invalidate(
                        InvalidateRequest.newBuilder().setCache(CACHE).addKeys(key).build()));
    tally.size = 0;
    tally.sent++;
    return new Timed<>(null, r.nanos(), r.endNanos());
  }

  /** Clears the books cache here and on every peer (counted as no key invalidations). */
  Timed<Void> invalidateAll() {
    Timed<?> r =
        call(
            "InvalidateAll",
            () -> stub().invalidateAll(InvalidateAllRequest.newBuilder().setCache(CACHE).build()));
    tally.size = 0;
    return new Timed<>(null, r.nanos(), r.endNanos());
  }

  StatsResponse stats() {
    return call("Stats", () -> stub().stats(StatsRequest.newBuilder().setCache(CACHE).build()))
        .value();
  }

  /** A peer's change reached this pod: its copy is gone. */
  void peerChanged() {
    tally.size = 0;
    tally.received++;
  }

  private static PutRequest.Builder put(String key, ByteString value) {
    return PutRequest.newBuilder().setCache(CACHE).setKey(key).setValue(value);
  }

  private CacheServiceGrpc.CacheServiceBlockingStub stub() {
    return CacheServiceGrpc.newBlockingStub(sidecar.channel())
        .withDeadlineAfter(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private <T> Timed<T> call(String what, Supplier<T> rpc) {
    long start = System.nanoTime();
    try {
      T value = rpc.get();
      long end = System.nanoTime();
      return new Timed<>(value, end - start, end);
    } catch (StatusRuntimeException e) {
      Status s = e.getStatus();
      throw new DemoFailure(
          name()
              + ": "
              + what
              + " failed: "
              + s.getCode()
              + (s.getDescription() == null ? "" : ": " + s.getDescription()),
          e);
    }
  }
}
