package io.cachesync.sidecar;

import static io.cachesync.sidecar.SidecarFixture.fill;
import static io.cachesync.sidecar.SidecarFixture.get;
import static io.cachesync.sidecar.SidecarFixture.hits;
import static io.cachesync.sidecar.SidecarFixture.missThenFill;
import static io.cachesync.sidecar.SidecarFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheEvent;
import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.api.v1.DeleteRequest;
import io.cachesync.api.v1.GetResponse;
import io.cachesync.api.v1.InvalidateAllRequest;
import io.cachesync.api.v1.InvalidateRequest;
import io.cachesync.api.v1.WatchRequest;
import io.cachesync.testsupport.RedisServer;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Four sidecars, each with its own gRPC server and Redis connections, on one real Redis. */
class SyncAcrossSidecarsIT {
  static RedisServer redis;
  SidecarFixture fixture;
  List<Sidecar> sidecars;
  List<CacheServiceBlockingStub> clients;

  @BeforeAll
  static void redis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void start() {
    fixture = new SidecarFixture();
    sidecars = fixture.start(4, redis.uri());
    clients = sidecars.stream().map(fixture::client).toList();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private void fillEverywhere(String key, String value) {
    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "books", key, value)).isTrue();
    for (CacheServiceBlockingStub c : clients) assertThat(hits(c, "books", key)).isTrue();
  }

  private void awaitDroppedOnAllBut(int writer, String key) {
    for (int i = 0; i < clients.size(); i++) {
      if (i == writer) continue;
      CacheServiceBlockingStub c = clients.get(i);
      await().atMost(Duration.ofSeconds(5)).until(() -> !hits(c, "books", key));
    }
  }

  @Test
  @DisplayName(
      "a write on one sidecar drops the key on every other, and the writer keeps the new value")
  void writePropagates() {
    fillEverywhere("isbn:1", "v1");
    assertThat(write(clients.get(2), "books", "isbn:1", "v2")).isTrue();
    awaitDroppedOnAllBut(2, "isbn:1");
    assertThat(get(clients.get(2), "books", "isbn:1").getValue().toStringUtf8()).isEqualTo("v2");
    assertThat(sidecars.get(0).caches().find("books").statistics().invalidationsReceived())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("a sidecar ignores its own messages: its write is not undone by the echo")
  void ownEchoIgnored() {
    Sidecar writer = sidecars.get(2);
    write(clients.get(2), "books", "isbn:9", "mine");
    // Redis delivers a channel's messages in order: once a later peer message is in, the echo was
    // too
    write(clients.get(0), "authors", "marker", "m");
    await().until(() -> writer.caches().find("authors").statistics().invalidationsReceived() == 1);
    assertThat(get(clients.get(2), "books", "isbn:9").getValue().toStringUtf8()).isEqualTo("mine");
    assertThat(writer.caches().find("books").statistics().invalidationsReceived()).isZero();
  }

  @Test
  @DisplayName("Invalidate on one sidecar drops the key everywhere, itself included")
  void invalidatePropagates() {
    fillEverywhere("isbn:2", "v1");
    clients
        .get(1)
        .invalidate(InvalidateRequest.newBuilder().setCache("books").addKeys("isbn:2").build());
    assertThat(hits(clients.get(1), "books", "isbn:2")).isFalse();
    awaitDroppedOnAllBut(1, "isbn:2");
  }

  @Test
  @DisplayName("Delete on one sidecar drops the key everywhere")
  void deletePropagates() {
    fillEverywhere("isbn:3", "v1");
    clients.get(3).delete(DeleteRequest.newBuilder().setCache("books").addKeys("isbn:3").build());
    assertThat(hits(clients.get(3), "books", "isbn:3")).isFalse();
    awaitDroppedOnAllBut(3, "isbn:3");
  }

  @Test
  @DisplayName(
      "InvalidateAll on one sidecar clears that cache everywhere and leaves other caches alone")
  void invalidateAllPropagates() {
    fillEverywhere("isbn:4", "v1");
    for (CacheServiceBlockingStub c : clients)
      assertThat(missThenFill(c, "authors", "kr", "Kernighan")).isTrue();
    clients.get(0).invalidateAll(InvalidateAllRequest.newBuilder().setCache("books").build());
    awaitDroppedOnAllBut(-1, "isbn:4");
    for (CacheServiceBlockingStub c : clients) assertThat(hits(c, "authors", "kr")).isTrue();
  }

  @Test
  @DisplayName(
      "fills of one hot key on every sidecar leave every copy in place, and untouched keys stay")
  void fillsDoNotEvictEachOther() {
    fillEverywhere("untouched", "u");
    fillEverywhere("hot", "h");
    // Wait for proof that the fills were not broadcast: a later write's invalidation arrives
    // everywhere...
    write(clients.get(0), "books", "marker", "m");
    for (Sidecar s : sidecars.subList(1, 4)) {
      await().until(() -> s.caches().find("books").statistics().invalidationsReceived() >= 1);
    }
    // ...and by then the hot key and the untouched key are still everywhere, with exactly that one
    // key received.
    for (int i = 0; i < clients.size(); i++) {
      assertThat(hits(clients.get(i), "books", "hot")).as("hot on sidecar %d", i).isTrue();
      assertThat(hits(clients.get(i), "books", "untouched"))
          .as("untouched on sidecar %d", i)
          .isTrue();
    }
    for (Sidecar s : sidecars.subList(1, 4)) {
      assertThat(s.caches().find("books").statistics().invalidationsReceived()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "an invalidation that overtakes a peer's load makes that peer's late fill come back applied:false")
  void lateFillIsRefused() {
    CacheServiceBlockingStub slowPod = clients.get(1);
    GetResponse miss =
        get(slowPod, "books", "isbn:5"); // pod B misses and starts reading the old row
    clients
        .get(0)
        .invalidate(
            InvalidateRequest.newBuilder()
                .setCache("books")
                .addKeys("isbn:5")
                .build()); // pod A updates
    await()
        .until(
            () -> sidecars.get(1).caches().find("books").statistics().invalidationsReceived() >= 1);
    assertThat(fill(slowPod, "books", "isbn:5", "old row", miss.getFillToken())).isFalse();
    assertThat(hits(slowPod, "books", "isbn:5")).isFalse();
    // the next miss gets a fresh token, and its fill is applied
    assertThat(missThenFill(slowPod, "books", "isbn:5", "new row")).isTrue();
  }

  @Test
  @DisplayName(
      "peers' invalidations arrive on Watch with their kind and origin, filtered by cache and prefix")
  void watchSeesPeersChanges() {
    List<CacheEvent> events = new CopyOnWriteArrayList<>();
    fixture
        .asyncClient(sidecars.get(3))
        .watch(
            WatchRequest.newBuilder().setCache("books").setKeyPrefix("isbn:").build(),
            collect(events));
    await().until(() -> sidecars.get(3).watchCount() == 1); // registered on the server's thread
    write(clients.get(0), "books", "isbn:6", "v");
    write(clients.get(0), "books", "other:6", "v");
    clients.get(1).delete(DeleteRequest.newBuilder().setCache("books").addKeys("isbn:7").build());
    clients
        .get(2)
        .invalidate(InvalidateRequest.newBuilder().setCache("books").addKeys("isbn:8").build());
    clients.get(2).invalidateAll(InvalidateAllRequest.newBuilder().setCache("books").build());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(events)
                    .extracting(
                        e ->
                            e.getKind()
                                + " "
                                + String.join(",", e.getKeysList())
                                + " "
                                + e.getOrigin())
                    .containsExactlyInAnyOrder(
                        "UPDATED isbn:6 " + sidecars.get(0).origin(),
                        "DELETED isbn:7 " + sidecars.get(1).origin(),
                        "INVALIDATED isbn:8 " + sidecars.get(2).origin(),
                        "CLEARED  " + sidecars.get(2).origin()));
  }

  static StreamObserver<CacheEvent> collect(List<CacheEvent> events) {
    return new StreamObserver<>() {
      @Override
      public void onNext(CacheEvent e) {
        events.add(e);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}
