package io.cachesync.sidecar;

import static io.cachesync.sidecar.Reloads.awaitReloads;
import static io.cachesync.sidecar.Reloads.codeOf;
import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.reload.ReloadOutcome;
import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import io.cachesync.testsupport.RedisServer;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reload cannot apply, and how it says so: a rejected file, settings that need a restart;
 * and that the caches a reload leaves alone do not notice it.
 */
class ReloadReportingIT {
  @TempDir Path dir;
  RedisServer redis;
  SidecarFixture fixture;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
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
      "an invalid file leaves the running config serving; /health names the field, the metric"
          + " counts it, and a fixed file applies")
  void invalidFile() throws Exception {
    String base = fixture.yaml(redis.uri(), freePort());
    KubeletMount mount = KubeletMount.create(dir, base + "caches: [{name: books, ttl: 10m}]");
    Sidecar a = fixture.startFromFile(mount.file());
    CacheServiceBlockingStub c = fixture.client(a);
    assertThat(missThenFill(c, "books", "b:1", "v")).isTrue();

    mount.update(base + "caches: [{name: books, ttl: forever}, {name: reports}]");
    ReloadOutcome rejected = awaitReloads(a, Result.INVALID, 1);

    assertThat(rejected.detail()).contains("caches[0].ttl: 'forever' is not a duration");
    assertThat(a.serving()).isTrue();
    assertThat(hits(c, "books", "b:1")).as("the running cache keeps serving").isTrue();
    assertThat(codeOf(() -> get(c, "reports", "r"))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(a.config().cache("books").orElseThrow().ttl()).isEqualTo(Duration.ofMinutes(10));
    String health = http(a.metricsPort(), "/health");
    assertThat(health)
        .contains(
            "\"serving\":true",
            "\"configReload\":{\"result\":\"invalid\"",
            "caches[0].ttl: 'forever' is not a duration");
    assertThat(http(a.metricsPort(), "/metrics"))
        .contains(
            "cachesync_config_reloads_total{result=\"invalid\"} 1",
            "cachesync_config_reloads_total{result=\"applied\"} 0");

    mount.update(base + "caches: [{name: books, ttl: 10m}, {name: reports}]");
    awaitReloads(a, Result.APPLIED, 1);
    assertThat(codeOf(() -> get(c, "reports", "r"))).isEqualTo(Status.Code.OK);
    assertThat(http(a.metricsPort(), "/health")).contains("\"result\":\"applied\"");
    assertThat(a.reloadStatus().count(Result.INVALID)).as("one error per bad edit").isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a change of restart-only settings is reported and not applied, while a cache change in"
          + " the same edit is")
  void restartOnly() throws Exception {
    String base = fixture.yaml(redis.uri(), freePort());
    KubeletMount mount = KubeletMount.create(dir, base + "caches: [{name: books}]");
    Sidecar a = fixture.startFromFile(mount.file());
    Sidecar peer = fixture.start(1, redis.uri()).get(0); // same channel, from the fixture
    CacheServiceBlockingStub c = fixture.client(a);
    int port = a.grpcPort();
    int otherPort = freePort();

    mount.update(
        base.replace("grpc: {port: 0}", "grpc: {port: " + otherPort + "}")
                .replace(fixture.channel(), "cachesync.elsewhere")
            + "caches: [{name: books}, {name: reports}]");
    ReloadOutcome outcome = awaitReloads(a, Result.RESTART_REQUIRED, 1);

    assertThat(outcome.restartPending()).containsExactly("grpc.port", "sync.channel");
    assertThat(outcome.detail())
        .contains("grpc.port 0 -> " + otherPort, "takes effect on restart", "added [reports]");
    assertThat(codeOf(() -> get(c, "reports", "r"))).isEqualTo(Status.Code.OK);
    assertThat(a.grpcPort()).isEqualTo(port);
    assertThat(a.bus().channel()).isEqualTo(fixture.channel());
    // still on the old channel: a peer there still reaches it
    assertThat(missThenFill(c, "books", "b:1", "v")).isTrue();
    assertThat(write(fixture.client(peer), "books", "b:1", "v2")).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> !hits(c, "books", "b:1"));
    assertThat(http(a.metricsPort(), "/health"))
        .contains(
            "\"result\":\"restart_required\"",
            "\"restartPending\":[\"grpc.port\",\"sync.channel\"]");
    assertThat(http(a.metricsPort(), "/metrics"))
        .contains(
            "cachesync_config_reloads_total{result=\"restart_required\"} 1",
            "cachesync_config_restart_pending 1");
  }

  @Test
  @DisplayName(
      "a cache the reload leaves alone keeps its entries and keeps receiving a peer's"
          + " invalidations")
  void untouchedCache() {
    String base = fixture.yaml(redis.uri());
    KubeletMount mount =
        KubeletMount.create(dir, base + "caches: [{name: books}, {name: authors}]");
    Sidecar a = fixture.startFromFile(mount.file());
    Sidecar b = fixture.startFromFile(mount.file());
    CacheServiceBlockingStub ca = fixture.client(a);
    CacheServiceBlockingStub cb = fixture.client(b);
    for (String k : new String[] {"b:1", "b:2"}) {
      assertThat(missThenFill(ca, "books", k, "v")).isTrue();
      assertThat(missThenFill(cb, "books", k, "v")).isTrue();
    }

    mount.update(
        base + "caches: [{name: books}, {name: authors, maximumSize: 5, ttl: 1m}, {name: new}]");
    awaitReloads(a, Result.APPLIED, 1);
    awaitReloads(b, Result.APPLIED, 1);

    assertThat(hits(ca, "books", "b:1")).isTrue();
    assertThat(hits(ca, "books", "b:2")).isTrue();
    assertThat(write(cb, "books", "b:1", "v2")).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> !hits(ca, "books", "b:1"));
    assertThat(hits(ca, "books", "b:2")).as("only the key the peer changed").isTrue();
  }

  @Test
  @DisplayName(
      "the file is picked up whether rewritten in place, renamed over, or swapped the way kubelet"
          + " does")
  void everyKindOfUpdate() throws Exception {
    String base = fixture.yaml(redis.uri());
    Path plain = dir.resolve("plain.yaml");
    Files.writeString(plain, base + "caches: [{name: c0}]");
    Sidecar a = fixture.startFromFile(plain);
    CacheServiceBlockingStub c = fixture.client(a);

    Files.writeString(plain, base + "caches: [{name: c0}, {name: c1}]");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> codeOf(() -> get(c, "c1", "k")) == Status.Code.OK);

    Path next = Files.writeString(dir.resolve("next.yaml"), base + "caches: [{name: c2}]");
    Files.move(next, plain, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> codeOf(() -> get(c, "c2", "k")) == Status.Code.OK);
    assertThat(codeOf(() -> get(c, "c1", "k"))).isEqualTo(Status.Code.NOT_FOUND);

    KubeletMount mount = KubeletMount.create(dir.resolve("mount"), base + "caches: [{name: c3}]");
    Sidecar k = fixture.startFromFile(mount.file());
    CacheServiceBlockingStub ck = fixture.client(k);
    mount.update(base + "caches: [{name: c3}, {name: c4}]");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> codeOf(() -> get(ck, "c4", "k")) == Status.Code.OK);
  }
}
