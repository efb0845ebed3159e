package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachesync.testsupport.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The foreign client: examples/node (@grpc/grpc-js) runs look-aside against a real sidecar. */
class NodeClientIT {
  static final Path EXAMPLE = ExampleRun.example("node");

  /** Skips, saying why, where node is absent; installs the example's modules the first time. */
  static void nodeAndModules() throws IOException, InterruptedException {
    assumeTrue(
        ExampleRun.onPath("node") && ExampleRun.onPath("npm"),
        "node and npm are not installed: the Node client test needs them");
    if (!Files.isDirectory(EXAMPLE.resolve("node_modules/@grpc/grpc-js"))) {
      ExampleRun.run(
          List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"),
          EXAMPLE,
          java.util.Map.of(),
          300);
    }
  }

  @Test
  @DisplayName("the Node example's tests and walk-through pass against a running sidecar")
  void nodeLookAside() throws Exception {
    nodeAndModules();
    try (RedisServer redis = RedisServer.start();
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar sidecar = fixture.start(1, redis.uri()).get(0);
      var env =
          java.util.Map.of(
              "CACHESYNC_TARGET", "127.0.0.1:" + sidecar.grpcPort(), "CACHESYNC_CACHE", "books");
      String tests = ExampleRun.run(List.of("npm", "run", "test:lookaside"), EXAMPLE, env, 120);
      assertThat(tests).contains("# fail 0").doesNotContain("# skipped 1");
      String walk = ExampleRun.run(List.of("node", "lookaside.js"), EXAMPLE, env, 60);
      assertThat(walk).containsIgnoringCase("miss").containsIgnoringCase("hit");
      assertThat(sidecar.caches().find("books").statistics().hits()).isPositive();
    }
  }

  @Test
  @DisplayName(
      "a CacheLoader written in Node serves a ReadThrough cache: one load per key, then hits")
  void nodeReadThrough() throws Exception {
    nodeAndModules();
    int loaderPort = ServingSurfaceIT.freePort();
    try (RedisServer redis = RedisServer.start();
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar sidecar =
          fixture
              .start(
                  1,
                  redis.uri(),
                  c ->
                      c.withLoader(
                              io.cachesync.sidecar.config.LoaderConfig.at(
                                  "127.0.0.1:" + loaderPort))
                          .withCaches(
                              List.of(
                                  new io.cachesync.sidecar.config.CacheConfig(
                                      "books",
                                      io.cachesync.sidecar.config.Strategy.ReadThrough,
                                      null,
                                      null,
                                      null))))
              .get(0);
      var env =
          java.util.Map.of(
              "CACHESYNC_TARGET",
              "127.0.0.1:" + sidecar.grpcPort(),
              "CACHESYNC_LOADER_PORT",
              String.valueOf(loaderPort),
              "CACHESYNC_CACHE",
              "books");
      String tests = ExampleRun.run(List.of("npm", "run", "test:readthrough"), EXAMPLE, env, 120);
      assertThat(tests).contains("# fail 0").contains("# skipped 0");
      ExampleRun.run(List.of("node", "readthrough.js"), EXAMPLE, env, 60);
      assertThat(sidecar.caches().find("books").statistics().hits()).isPositive();
    }
  }
}
