package io.cachesync.bench.noop;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetManyResponse;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.GetResponse;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor: the sidecar's own Get and GetMany, answered by a map lookup of a response built in
 * advance. Whatever a sidecar hit costs beyond this is the sidecar's work, not gRPC's.
 */
final class NoopCacheService extends CacheServiceGrpc.CacheServiceImplBase {
  private static final GetResponse MISS = GetResponse.getDefaultInstance();

  private final Map<String, GetResponse> responses = new ConcurrentHashMap<>();
  private final Map<String, ByteString> values = new ConcurrentHashMap<>();

  /** Keys {@code <prefix>0 .. <prefix>(keys-1)}, each with the same value of {@code valueBytes}. */
  NoopCacheService(String prefix, int keys, int valueBytes) {
    ByteString value = ByteString.copyFrom(new byte[valueBytes]);
    for (int i = 0; i < keys; i++) {
      responses.put(prefix + i, GetResponse.newBuilder().setFound(true).setValue(value).build());
      values.put(prefix + i, value);
    }
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> out) {
    out.onNext(responses.getOrDefault(request.getKey(), MISS));
    out.onCompleted();
  }

  @Override
  public void getMany(GetManyRequest request, StreamObserver<GetManyResponse> out) {
    GetManyResponse.Builder b = GetManyResponse.newBuilder();
    for (String key : request.getKeysList()) {
      ByteString v = values.get(key);
      if (v != null) b.putValues(key, v);
    }
    out.onNext(b.build());
    out.onCompleted();
  }
}
