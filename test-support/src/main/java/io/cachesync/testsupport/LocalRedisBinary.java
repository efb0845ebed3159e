package io.cachesync.testsupport;

import io.cachesync.testsupport.RedisServer.Provider;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The redis-server every process of a topology runs: the one on the PATH, else the one bundled in
 * embedded-redis. Containers are left out: sentinels and cluster nodes announce loopback addresses
 * to each other, which a container's port mapping would break.
 */
record LocalRedisBinary(Provider provider, Path path) {

  static LocalRedisBinary find() {
    Optional<Path> onPath = RedisBinaries.onPath();
    return onPath
        .map(path -> new LocalRedisBinary(Provider.PATH_BINARY, path))
        .orElseGet(() -> new LocalRedisBinary(Provider.EMBEDDED_REDIS, RedisBinaries.embedded()));
  }
}
