package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetRequest;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.api.v1.StatsResponse;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story of issue 11 as a new user met it: a sidecar with a small heap and the default cache
 * took Puts of 20 KiB values until it died of OutOfMemoryError (the old default of 10,000 entries
 * is 200 MiB of such values). Now the default cache is bounded by bytes, a share of the heap.
 */
class HeapBoundIT {
  static final int PUTS = 20_000;
  static final int VALUE_BYTES = 20 * 1024;

  /** A sidecar process with {@code caches} (YAML, may be empty), given 20,000 Puts of 20 KiB. */
  interface AfterPuts {
    void check(LaunchedSidecar sidecar, CacheServiceBlockingStub client) throws Exception;
  }

  static void putTooMuch(Path dir, String caches, AfterPuts then) throws Exception {
    try (RedisServer redis = RedisServer.start();
        SidecarLauncher launcher = new SidecarLauncher()) {
      // the 96 MiB heap; an OutOfMemoryError ends the process, so it cannot limp on
      LaunchedSidecar sidecar =
          launcher.start(
              SidecarProcessIT.sidecar(dir, "heap-it")
                  .jvmOptions(List.of("-Xmx96m"))
                  .env("JAVA_TOOL_OPTIONS", "-XX:+ExitOnOutOfMemoryError")
                  .config(
                      port ->
                          """
                          redis: {url: "%s"}
                          grpc: {port: %d}
                          metrics: {port: 0}
                          sync: {channel: cachesync.heap-it}
                          %s
                          """
                              .formatted(redis.uri(), port, caches))
                  .build());
      CacheServiceBlockingStub client = CacheServiceGrpc.newBlockingStub(sidecar.channel());
      byte[] value = new byte[VALUE_BYTES];
      for (int i = 0; i < PUTS; i++) {
        value[0] = (byte) i; // every value its own array in the sidecar, as in real use
        client
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .put(
                PutRequest.newBuilder()
                    .setCache("default")
                    .setKey("k" + i)
                    .setValue(ByteString.copyFrom(value))
                    .build());
      }
      assertThat(sidecar.alive())
          .as("the sidecar is alive after %d Puts; its log:%n%s", PUTS, sidecar.logText())
          .isTrue();
      then.check(sidecar, client);
    }
  }

  static boolean newestIsThere(CacheServiceBlockingStub client) {
    return client
        .get(GetRequest.newBuilder().setCache("default").setKey("k" + (PUTS - 1)).build())
        .getFound();
  }

  @Test
  @DisplayName(
      "a sidecar with a 96 MiB heap and the default cache takes 400 MiB of 20 KiB Puts and keeps serving, its cache bounded by bytes")
  void defaultCacheSurvivesMoreThanItsHeap(@TempDir Path dir) throws Exception {
    putTooMuch(
        dir,
        "",
        (sidecar, client) -> {
          StatsResponse stats = client.stats(StatsRequest.newBuilder().setCache("default").build());
          assertThat(stats.getEvictions()).isPositive();
          assertThat(stats.getWeightedSize())
              .as("at most half of the 96 MiB heap")
              .isPositive()
              .isLessThanOrEqualTo(48L << 20);
          assertThat(stats.getSize()).isLessThan(PUTS);
          assertThat(newestIsThere(client)).isTrue();
          assertThat(sidecar.logText()).doesNotContain("cleared every L1 cache");
        });
  }

  @Test
  @DisplayName(
      "a cache bounded by 10,000 entries alone (200 MiB of these values) is kept from the 96 MiB heap's end by the heap guard")
  void heapGuardSavesACountedCache(@TempDir Path dir) throws Exception {
    putTooMuch(
        dir,
        "caches: [{name: default, maximumSize: 10000}]",
        (sidecar, client) -> {
          assertThat(sidecar.logText()).contains("cleared every L1 cache");
          // still serving (whether the newest value survived depends on when the guard last ran)
          assertThat(client.stats(StatsRequest.newBuilder().setCache("default").build()).getCache())
              .isEqualTo("default");
        });
  }
}
