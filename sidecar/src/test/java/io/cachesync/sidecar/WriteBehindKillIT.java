package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.PutRequest;
import io.cachesync.sidecar.tier.writebehind.WriteBehindStream;
import io.cachesync.testsupport.RedisCli;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write-behind across three sidecar processes, one of them SIGKILLed while it holds unflushed
 * entries.
 */
class WriteBehindKillIT {
  static final String CHANNEL = "cachesync.wb-kill";

  static String config(RedisServer redis, int port, String loader) {
    return """
        redis: {url: "%s"}
        grpc: {port: %d}
        metrics: {port: 0}
        loader: {target: "%s"}
        sync: {channel: %s}
        caches:
          - name: orders
            strategy: WriteBehind
            maximumSize: 20000
            writeBehind: {flushInterval: 100ms, maxBatch: 500, claimIdle: 2s, maxBackoff: 500ms}
        """
        .formatted(redis.uri(), port, loader, CHANNEL);
  }

  @Test
  @DisplayName(
      "10,000 writes across 3 sidecars, one SIGKILLed mid-flush: every write reaches Store, by count and last value per key")
  void nothingLost(@TempDir Path dir) throws Exception {
    try (RedisServer redis = RedisServer.start();
        TestStore store = new TestStore();
        SidecarLauncher sidecars = new SidecarLauncher()) {
      store.storeDelayMillis = 150; // a slow database keeps batches in flight
      List<LaunchedSidecar> pods = new ArrayList<>();
      for (String pod : List.of("survivor-a", "survivor-b", "victim")) {
        pods.add(
            sidecars.start(
                SidecarProcessIT.sidecar(dir, pod)
                    .config(port -> config(redis, port, store.target()))
                    .build()));
      }
      List<CacheServiceBlockingStub> clients =
          pods.stream().map(p -> CacheServiceGrpc.newBlockingStub(p.channel())).toList();

      // 8,000 keys written once and 500 keys written four times: 10,000 writes
      List<String[]> writes = new ArrayList<>();
      for (int i = 0; i < 8_000; i++) writes.add(new String[] {"once-" + i, "v1"});
      for (int round = 1; round <= 4; round++) {
        for (int i = 0; i < 500; i++) writes.add(new String[] {"often-" + i, "v" + round});
      }
      Map<String, String> lastAcknowledged = new ConcurrentHashMap<>();
      String streamKey = WriteBehindStream.keyFor(CHANNEL, "orders");
      ExecutorService writers = Executors.newFixedThreadPool(4);
      // each key belongs to one writer thread, so its writes stay in order
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.submit(
            () -> {
              for (String[] kv : writes) {
                if (Math.floorMod(kv[0].hashCode(), 4) != writer) continue;
                putSomewhere(clients, kv, lastAcknowledged);
              }
              return null;
            });
      }

      // kill the victim while it holds entries it read but has not acknowledged
      LaunchedSidecar victim = pods.get(2);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () ->
                  RedisCli.command(
                          redis.host(),
                          redis.port(),
                          "XPENDING",
                          streamKey,
                          WriteBehindStream.GROUP)
                      .contains("victim-"));
      victim.kill(); // SIGKILL: no shutdown hook, no ack
      assertThat(victim.alive()).isFalse();

      writers.shutdown();
      assertThat(writers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
      assertThat(lastAcknowledged).hasSize(8_500);

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                for (Map.Entry<String, String> e : lastAcknowledged.entrySet()) {
                  assertThat(store.row(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                }
              });
      assertThat(store.stored.stream().map(s -> s.getKey()).distinct().count()).isEqualTo(8_500);
      await()
          .untilAsserted(
              () ->
                  assertThat(
                          RedisCli.command(
                              redis.host(),
                              redis.port(),
                              "XPENDING",
                              streamKey,
                              WriteBehindStream.GROUP))
                      .startsWith("[0"));
    }
  }

  /**
   * Writes through the first sidecar that accepts it; a dead one is skipped, the same value retried
   * elsewhere.
   */
  static void putSomewhere(
      List<CacheServiceBlockingStub> clients, String[] kv, Map<String, String> acknowledged) {
    int start = Math.floorMod(kv[0].hashCode() >> 2, clients.size());
    for (int attempt = 0; attempt < clients.size() * 3; attempt++) {
      CacheServiceBlockingStub c = clients.get((start + attempt) % clients.size());
      try {
        c.withDeadlineAfter(10, TimeUnit.SECONDS)
            .put(
                PutRequest.newBuilder()
                    .setCache("orders")
                    .setKey(kv[0])
                    .setValue(ByteString.copyFromUtf8(kv[1]))
                    .build());
        acknowledged.put(kv[0], kv[1]);
        return;
      } catch (StatusRuntimeException e) {
        // the victim is gone: try the next sidecar
      }
    }
    throw new AssertionError("no sidecar took " + kv[0]);
  }
}
