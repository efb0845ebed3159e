package io.cachesync.sidecar;

import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.LoaderConfig;
import io.cachesync.sidecar.config.Strategy;
import io.cachesync.testsupport.RedisServer;
import java.util.List;
import java.util.Map;

/**
 * What the Python and Go examples' tests run against: one real Redis and two sidecars on it (two
 * pods of one app), each with a LookAside cache {@code books} and a ReadThrough cache {@code
 * catalog} whose CacheLoader the tests themselves serve on {@link #loaderPort}.
 */
final class ForeignClientSidecars implements AutoCloseable {
  static final String LOOK_ASIDE = "books";
  static final String READ_THROUGH = "catalog";

  final RedisServer redis;
  final SidecarFixture fixture = new SidecarFixture();
  final int loaderPort;
  final Sidecar a;
  final Sidecar b;

  ForeignClientSidecars() throws Exception {
    redis = RedisServer.start();
    try {
      loaderPort = ServingSurfaceIT.freePort();
      List<Sidecar> both =
          fixture.start(
              2,
              redis.uri(),
              c ->
                  c.withLoader(LoaderConfig.at("127.0.0.1:" + loaderPort))
                      .withCaches(
                          List.of(
                              CacheConfig.lookAside(LOOK_ASIDE),
                              new CacheConfig(
                                  READ_THROUGH, Strategy.ReadThrough, null, null, null))));
      a = both.get(0);
      b = both.get(1);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** The variables the examples' tests read (see their READMEs). */
  Map<String, String> env() {
    return Map.of(
        "CACHESYNC_TARGET",
        "127.0.0.1:" + a.grpcPort(),
        "CACHESYNC_PEER_TARGET",
        "127.0.0.1:" + b.grpcPort(),
        "CACHESYNC_LOADER_PORT",
        String.valueOf(loaderPort),
        "CACHESYNC_CACHE",
        LOOK_ASIDE,
        "CACHESYNC_READTHROUGH_CACHE",
        READ_THROUGH);
  }

  @Override
  public void close() {
    fixture.close();
    redis.close();
  }
}
