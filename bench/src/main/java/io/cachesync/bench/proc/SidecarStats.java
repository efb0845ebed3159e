package io.cachesync.bench.proc;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.StatsResponse;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.util.concurrent.TimeUnit;

/** A cache's Stats from a sidecar, for counting what it did. */
public final class SidecarStats {
  private SidecarStats() {}

  public static StatsResponse of(LaunchedSidecar sidecar, String cache) {
    return CacheServiceGrpc.newBlockingStub(sidecar.channel())
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .stats(StatsRequest.newBuilder().setCache(cache).build());
  }
}
