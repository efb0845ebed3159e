package io.cachesync.bench.family;

import io.cachesync.api.v1.GetManyRequest;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.bench.Pods;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests built once, before the clock runs, so the harness's own allocation is not part of what
 * it measures.
 */
final class Requests {
  private Requests() {}

  /** Get of hit key {@code i} in {@code cache}, for every i below {@code keys}. */
  static GetRequest[] gets(String cache, int keys) {
    GetRequest[] out = new GetRequest[keys];
    for (int i = 0; i < keys; i++)
      out[i] = GetRequest.newBuilder().setCache(cache).setKey(Pods.hitKey(i)).build();
    return out;
  }

  /** GetMany requests of {@code perCall} consecutive hit keys, covering all {@code keys}. */
  static GetManyRequest[] getManys(String cache, int keys, int perCall) {
    List<GetManyRequest> out = new ArrayList<>();
    for (int from = 0; from + perCall <= keys; from += perCall) {
      GetManyRequest.Builder b = GetManyRequest.newBuilder().setCache(cache);
      for (int i = from; i < from + perCall; i++) b.addKeys(Pods.hitKey(i));
      out.add(b.build());
    }
    return out.toArray(GetManyRequest[]::new);
  }
}
