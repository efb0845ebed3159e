package io.cachesync.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.GetRequest;
import io.cachesync.sidecar.config.MetricsConfig;
import io.cachesync.testsupport.RedisServer;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Health, reflection and metrics: what operators and tools see of a sidecar. */
class ServingSurfaceIT {

  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static String http(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  @DisplayName(
      "health is NOT_SERVING until Redis answers and the channel is subscribed, then SERVING; NOT_SERVING once draining")
  void healthFollowsTheChannel() throws Exception {
    try (RedisServer redis = RedisServer.start();
        SidecarFixture fixture = new SidecarFixture()) {
      redis.stop(); // the port stays ours: the sidecar starts against a Redis that is not there yet
      Sidecar s =
          fixture.startOne(
              fixture.config(redis.uri()).withMetrics(new MetricsConfig("127.0.0.1", freePort())));
      ManagedChannel channel = fixture.channelTo(s);
      HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
      assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
          .isEqualTo(ServingStatus.NOT_SERVING);
      await()
          .untilAsserted(
              () ->
                  assertThat(http(s.metricsPort(), "/health"))
                      .contains("\"serving\":false", "\"sync\":\"CONNECTING\"", "is unreachable"));

      redis.restart();
      {
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    health.check(HealthCheckRequest.getDefaultInstance()).getStatus()
                        == ServingStatus.SERVING);
        assertThat(
                health
                    .check(HealthCheckRequest.newBuilder().setService(Sidecar.SERVICE_NAME).build())
                    .getStatus())
            .isEqualTo(ServingStatus.SERVING);
        assertThat(http(s.metricsPort(), "/health"))
            .contains("\"serving\":true", "\"sync\":\"CONNECTED\"");

        List<ServingStatus> seen = new CopyOnWriteArrayList<>();
        HealthGrpc.newStub(channel)
            .watch(
                HealthCheckRequest.getDefaultInstance(),
                new StreamObserver<>() {
                  public void onNext(io.grpc.health.v1.HealthCheckResponse r) {
                    seen.add(r.getStatus());
                  }

                  public void onError(Throwable t) {}

                  public void onCompleted() {}
                });
        await().until(() -> seen.contains(ServingStatus.SERVING));
        Thread closer = new Thread(s::close);
        closer.start();
        await().until(() -> seen.contains(ServingStatus.NOT_SERVING));
        closer.join();
      }
    }
  }

  @Test
  @DisplayName(
      "/metrics exposes hits, misses, evictions, size, invalidations, gaps, bus state and RPC latency")
  void metrics() throws Exception {
    try (RedisServer redis = RedisServer.start();
        SidecarFixture fixture = new SidecarFixture()) {
      int port = freePort();
      Sidecar s =
          fixture
              .start(1, redis.uri(), c -> c.withMetrics(new MetricsConfig("127.0.0.1", port)))
              .get(0);
      var client = fixture.client(s);
      client.get(GetRequest.newBuilder().setCache("books").setKey("k").build());
      String metrics = http(s.metricsPort(), "/metrics");
      assertThat(metrics)
          .contains(
              "cachesync_cache_hits_total{cache=\"books\"} 0",
              "cachesync_cache_misses_total{cache=\"books\"} 1",
              "cachesync_cache_evictions_total{cache=\"books\"}",
              "cachesync_cache_size{cache=\"books\"} 0",
              "cachesync_invalidations_sent_total{cache=\"books\"}",
              "cachesync_invalidations_received_total{cache=\"books\"}",
              "cachesync_sync_gaps_total 0",
              "cachesync_sync_malformed_messages_total 0",
              "cachesync_sync_frames_rejected_total{reason=\"signature\"} 0",
              "cachesync_sync_frames_rejected_total{reason=\"oversized\"} 0",
              "cachesync_sync_sequence_jumps_total 0",
              "cachesync_sync_state{state=\"CONNECTED\"} 1",
              "cachesync_rpc_duration_seconds_count{method=\"Get\"} 1");
    }
  }

  @Test
  @DisplayName("server reflection lists the CacheService")
  void reflection() throws Exception {
    try (RedisServer redis = RedisServer.start();
        SidecarFixture fixture = new SidecarFixture()) {
      Sidecar s = fixture.start(1, redis.uri()).get(0);
      List<String> services = new CopyOnWriteArrayList<>();
      var done = new java.util.concurrent.CountDownLatch(1);
      StreamObserver<ServerReflectionRequest> requests =
          ServerReflectionGrpc.newStub(fixture.channelTo(s))
              .serverReflectionInfo(
                  new StreamObserver<>() {
                    public void onNext(ServerReflectionResponse r) {
                      r.getListServicesResponse()
                          .getServiceList()
                          .forEach(x -> services.add(x.getName()));
                    }

                    public void onError(Throwable t) {
                      done.countDown();
                    }

                    public void onCompleted() {
                      done.countDown();
                    }
                  });
      requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
      requests.onCompleted();
      await().until(() -> done.getCount() == 0);
      assertThat(services).contains("cachesync.v1.CacheService", "grpc.health.v1.Health");
    }
  }
}
