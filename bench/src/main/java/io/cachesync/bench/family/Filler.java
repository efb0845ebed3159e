package io.cachesync.bench.family;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetManyResponse;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.api.v1.PutResponse;
import io.cachesync.bench.load.ClosedLoop;
import io.cachesync.bench.proc.SidecarYaml;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills a sidecar's cache the look-aside way: a GetMany of 100 missing keys hands out their fill
 * token, then each key is Put with it. Fills, not writes, because that is how most entries of a
 * look-aside cache arrive, and because a write also remembers the key's invalidation for the fill
 * token window, which would be counted as the entry's overhead.
 */
final class Filler {
  private static final int BATCH = 100;
  private static final int BATCHES_IN_FLIGHT = 4;

  private Filler() {}

  /** {@code prefix} followed by a 7-digit number: every key of a fill has the same length. */
  static String key(String prefix, long i) {
    return prefix + String.format(Locale.ROOT, "%07d", i);
  }

  static void fill(
      LaunchedSidecar sidecar, String prefix, int count, ByteString value, Duration timeout) {
    CacheServiceGrpc.CacheServiceStub stub = CacheServiceGrpc.newStub(sidecar.channel());
    long batches = (count + BATCH - 1) / BATCH;
    ClosedLoop.forCount(
        BATCHES_IN_FLIGHT,
        batches,
        timeout,
        (index, done) -> {
          GetManyRequest.Builder b = GetManyRequest.newBuilder().setCache(SidecarYaml.HIT_CACHE);
          for (long i = index * BATCH; i < Math.min(count, (index + 1) * BATCH); i++)
            b.addKeys(key(prefix, i));
          GetManyRequest request = b.build();
          stub.getMany(request, new TokensThenPuts(stub, request.getKeysList(), value, done));
        });
  }

  /** On the GetMany's answer, Puts every key with its token; done when all Puts are applied. */
  private static final class TokensThenPuts implements StreamObserver<GetManyResponse> {
    private final CacheServiceGrpc.CacheServiceStub stub;
    private final List<String> keys;
    private final ByteString value;
    private final ClosedLoop.Completion done;
    private final AtomicInteger pending;

    TokensThenPuts(
        CacheServiceGrpc.CacheServiceStub stub,
        List<String> keys,
        ByteString value,
        ClosedLoop.Completion done) {
      this.stub = stub;
      this.keys = keys;
      this.value = value;
      this.done = done;
      this.pending = new AtomicInteger(keys.size());
    }

    @Override
    public void onNext(GetManyResponse response) {
      for (String key : keys) {
        long token = response.getFillTokensOrDefault(key, 0);
        if (token == 0) {
          done.failed(new IllegalStateException("no fill token for " + key + ": was it cached?"));
          return;
        }
        stub.put(
            PutRequest.newBuilder()
                .setCache(SidecarYaml.HIT_CACHE)
                .setKey(key)
                .setValue(value)
                .setFillToken(token)
                .build(),
            new StreamObserver<PutResponse>() {
              @Override
              public void onNext(PutResponse r) {
                if (!r.getApplied()) done.failed(new IllegalStateException("fill refused: " + key));
              }

              @Override
              public void onError(Throwable t) {
                done.failed(t);
              }

              @Override
              public void onCompleted() {
                if (pending.decrementAndGet() == 0) done.ok();
              }
            });
      }
    }

    @Override
    public void onError(Throwable t) {
      done.failed(t);
    }

    @Override
    public void onCompleted() {}
  }
}
