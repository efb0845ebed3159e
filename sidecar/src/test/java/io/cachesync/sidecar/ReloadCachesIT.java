package io.cachesync.sidecar;

import static io.cachesync.sidecar.Reloads.awaitReloads;
import static io.cachesync.sidecar.Reloads.codeOf;
import static io.cachesync.sidecar.Reloads.stats;
import static io.cachesync.sidecar.SidecarFixture.fill;
import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.WatchRequest;
import io.cachesync.sidecar.Reloads.WatchRecorder;
import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import io.cachesync.testsupport.RedisServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache changes in the mounted config file reach running sidecars without a restart: two sidecars
 * watch one kubelet-style mount, as the pods of one Deployment share their ConfigMap.
 */
class ReloadCachesIT {
  @TempDir Path dir;
  RedisServer redis;
  SidecarFixture fixture;
  String base;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
    base = fixture.yaml(redis.uri());
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  @Test
  @DisplayName("a cache added to the file answers over gRPC, and peers' invalidations reach it")
  void addCache() {
    KubeletMount mount = KubeletMount.create(dir, base + "caches: [{name: books}]");
    Sidecar a = fixture.startFromFile(mount.file());
    Sidecar b = fixture.startFromFile(mount.file());
    CacheServiceBlockingStub ca = fixture.client(a);
    CacheServiceBlockingStub cb = fixture.client(b);
    assertThat(codeOf(() -> get(ca, "reports", "r:1"))).isEqualTo(Status.Code.NOT_FOUND);

    mount.update(base + "caches: [{name: books}, {name: reports, maximumSize: 100}]");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                codeOf(() -> get(ca, "reports", "r:1")) == Status.Code.OK
                    && codeOf(() -> get(cb, "reports", "r:1")) == Status.Code.OK);

    assertThat(missThenFill(ca, "reports", "r:1", "v1")).isTrue();
    assertThat(hits(ca, "reports", "r:1")).isTrue();
    assertThat(write(cb, "reports", "r:1", "v2")).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> !hits(ca, "reports", "r:1"));
    assertThat(a.config().cache("reports").orElseThrow().maximumSize()).isEqualTo(100);
    assertThat(a.reloadStatus().last().result()).isEqualTo(Result.APPLIED);
  }

  @Test
  @DisplayName(
      "a cache removed from the file answers NOT_FOUND like any unknown cache, and its Watch streams end")
  void removeCache() {
    KubeletMount mount =
        KubeletMount.create(dir, base + "caches: [{name: books}, {name: authors}]");
    Sidecar a = fixture.startFromFile(mount.file());
    CacheServiceBlockingStub c = fixture.client(a);
    assertThat(missThenFill(c, "books", "b:1", "v")).isTrue();
    assertThat(missThenFill(c, "authors", "a:1", "v")).isTrue();
    WatchRecorder watch = new WatchRecorder();
    fixture.asyncClient(a).watch(WatchRequest.newBuilder().setCache("authors").build(), watch);
    await().until(() -> a.watchCount() == 1);

    mount.update(base + "caches: [{name: books}]");
    awaitReloads(a, Result.APPLIED, 1);

    StatusRuntimeException e =
        catchThrowableOfType(StatusRuntimeException.class, () -> get(c, "authors", "a:1"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getStatus().getDescription())
        .contains("no cache named 'authors'", "configured caches: [books]");
    assertThat(a.caches().find("authors")).as("released from the registry").isNull();
    await().until(() -> watch.error != null);
    assertThat(Status.fromThrowable(watch.error).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(hits(c, "books", "b:1")).as("the cache that stayed keeps its entries").isTrue();
  }

  @Test
  @DisplayName("a smaller maximumSize evicts down to it in place; the other caches keep theirs")
  void shrinkMaximumSize() {
    KubeletMount mount =
        KubeletMount.create(
            dir, base + "caches: [{name: books, maximumSize: 100}, {name: authors}]");
    Sidecar a = fixture.startFromFile(mount.file());
    CacheServiceBlockingStub c = fixture.client(a);
    for (int i = 0; i < 50; i++) assertThat(missThenFill(c, "books", "b:" + i, "v")).isTrue();
    assertThat(missThenFill(c, "authors", "a:1", "v")).isTrue();
    assertThat(stats(c, "books").getSize()).isEqualTo(50);

    mount.update(base + "caches: [{name: books, maximumSize: 10}, {name: authors}]");
    awaitReloads(a, Result.APPLIED, 1);

    await().atMost(Duration.ofSeconds(5)).until(() -> stats(c, "books").getSize() <= 10);
    assertThat(stats(c, "books").getEvictions()).isGreaterThanOrEqualTo(40);
    assertThat(stats(c, "books").getSize()).as("changed in place, not emptied").isPositive();
    assertThat(hits(c, "authors", "a:1")).isTrue();
    assertThat(a.reloadStatus().last().detail()).contains("caches[books].maximumSize 100 -> 10");
  }

  @Test
  @DisplayName("a shorter ttl expires the entries already cached and the ones written after it")
  void shorterTtl() {
    KubeletMount mount = KubeletMount.create(dir, base + "caches: [{name: books, ttl: 10m}]");
    Sidecar a = fixture.startFromFile(mount.file());
    CacheServiceBlockingStub c = fixture.client(a);
    assertThat(missThenFill(c, "books", "before", "v")).isTrue();

    mount.update(base + "caches: [{name: books, ttl: 1s}]");
    awaitReloads(a, Result.APPLIED, 1);

    await().atMost(Duration.ofSeconds(10)).until(() -> !hits(c, "books", "before"));
    assertThat(missThenFill(c, "books", "after", "v")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !hits(c, "books", "after"));
  }

  @Test
  @DisplayName(
      "a rebuilt cache (l2 turned on) drops its entries, says CLEARED on Watch, refuses fills of"
          + " older misses without an error, and still hears its peers")
  void rebuild() {
    KubeletMount mount = KubeletMount.create(dir, base + "caches: [{name: books}]");
    Sidecar a = fixture.startFromFile(mount.file());
    Sidecar b = fixture.startFromFile(mount.file());
    CacheServiceBlockingStub ca = fixture.client(a);
    CacheServiceBlockingStub cb = fixture.client(b);
    assertThat(missThenFill(ca, "books", "kept?", "v")).isTrue();
    GetResponse olderMiss = get(ca, "books", "late");
    WatchRecorder watch = new WatchRecorder();
    fixture.asyncClient(a).watch(WatchRequest.newBuilder().setCache("books").build(), watch);
    await().until(() -> a.watchCount() == 1);

    mount.update(base + "caches: [{name: books, l2: {enabled: true}}]");
    awaitReloads(a, Result.APPLIED, 1);
    awaitReloads(b, Result.APPLIED, 1);

    assertThat(hits(ca, "books", "kept?")).isFalse();
    assertThat(a.reloadStatus().last().detail()).contains("books rebuilt, entries dropped");
    await().until(() -> watch.saw(CacheEvent.Kind.CLEARED));
    assertThat(fill(ca, "books", "late", "stale", olderMiss.getFillToken())).isFalse();

    assertThat(missThenFill(ca, "books", "after", "v1")).isTrue();
    assertThat(get(cb, "books", "after").getValue().toStringUtf8())
        .as("the peer reads a's fill from the L2 the rebuild turned on")
        .isEqualTo("v1");
    assertThat(write(cb, "books", "after", "v2")).isTrue();
    // the peer's write emptied L2: once its invalidation dropped v1, a Get misses
    await().atMost(Duration.ofSeconds(5)).until(() -> !get(ca, "books", "after").getFound());
  }

  @Test
  @DisplayName(
      "a switch to ReadThrough with a loader section added in the same edit loads through the"
          + " application")
  void strategyAndLoader() {
    try (TestStore store = new TestStore()) {
      store.rows.put("b:1", ByteString.copyFromUtf8("from the database"));
      KubeletMount mount = KubeletMount.create(dir, base + "caches: [{name: books}]");
      Sidecar a = fixture.startFromFile(mount.file());
      CacheServiceBlockingStub c = fixture.client(a);
      assertThat(get(c, "books", "b:1").getFound()).isFalse();

      mount.update(
          base
              + "loader: {target: \"%s\"}\n".formatted(store.target())
              + "caches: [{name: books, strategy: ReadThrough}]");
      awaitReloads(a, Result.APPLIED, 1);

      GetResponse r = get(c, "books", "b:1");
      assertThat(r.getFound()).isTrue();
      assertThat(r.getValue().toStringUtf8()).isEqualTo("from the database");
      assertThat(store.loads.get("b:1").get()).isEqualTo(1);
    }
  }
}
