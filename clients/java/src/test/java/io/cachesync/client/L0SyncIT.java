package io.cachesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc;
import io.cachesync.api.v1.StatsRequest;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sidecar processes on one Redis, a client with L0 on each: L0 follows peers' writes, refused
 * fills and sidecar restarts. The kill comes last: it restarts sidecar 2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class L0SyncIT {
  static final Duration PROPAGATION = Duration.ofSeconds(5);

  @TempDir static Path dir;
  static ClientSidecars sidecars;
  static LaunchedSidecar one;
  static LaunchedSidecar two;
  static CacheSyncClient clientOne;
  static CacheSyncClient clientTwo;

  /** The store of record both apps read. */
  static final Map<String, String> database = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    sidecars = new ClientSidecars(dir);
    List<LaunchedSidecar> started = sidecars.start("l0-one", "l0-two");
    one = started.get(0);
    two = started.get(1);
    clientOne = ClientSidecars.clientOf(one).l0(L0Config.entries(1_000)).build();
    clientTwo = ClientSidecars.clientOf(two).l0(L0Config.entries(1_000)).build();
    await().atMost(PROPAGATION).until(() -> clientOne.l0Live() && clientTwo.l0Live());
  }

  @AfterAll
  static void stop() {
    if (clientOne != null) clientOne.close();
    if (clientTwo != null) clientTwo.close();
    if (sidecars != null) sidecars.close();
  }

  static CacheView<String, String> books(CacheSyncClient c) {
    return c.cache("books", ValueCodec.utf8());
  }

  static String read(CacheSyncClient c, String key) {
    return books(c).get(key, () -> database.get(key));
  }

  /** What an app does on an update: the store of record first, then the write that drops peers. */
  static void update(CacheSyncClient c, String key, String value) {
    database.put(key, value);
    books(c).put(key, value);
  }

  @Test
  @Order(0)
  @DisplayName(
      "getAll answers L0 hits itself and asks the rest in one GetMany, whose hits enter L0")
  void getAllThroughL0() {
    books(clientOne).put("many:1", "a");
    books(clientOne).put("many:2", "b");
    CacheView<String, String> view = books(clientOne);
    assertThat(view.get("many:1")).contains("a"); // into L0
    assertThat(view.getAll(List.of("many:1", "many:2", "many:3")))
        .containsExactly(Map.entry("many:1", "a"), Map.entry("many:2", "b"));
    assertThat(view.peekL0("many:2")).contains("b");
    assertThat(view.peekL0("many:3")).isEmpty();
  }

  @Test
  @Order(1)
  @DisplayName(
      "a write through sidecar 1 makes sidecar 2's client drop its L0 copy; its next read is fresh")
  void peerWriteDropsL0() {
    database.put("isbn:1", "price 40");
    assertThat(read(clientTwo, "isbn:1")).isEqualTo("price 40");
    assertThat(books(clientTwo).peekL0("isbn:1")).contains("price 40");

    update(clientOne, "isbn:1", "price 44");
    await().atMost(PROPAGATION).until(() -> books(clientTwo).peekL0("isbn:1").isEmpty());
    assertThat(read(clientTwo, "isbn:1")).isEqualTo("price 44");
    assertThat(books(clientTwo).peekL0("isbn:1")).contains("price 44");
  }

  @Test
  @Order(2)
  @DisplayName(
      "a fill overtaken by a peer's write is refused (applied:false): returned once, never kept in L0")
  void staleFillStaysOut() {
    database.put("isbn:2", "old");
    List<CacheChange> heard = new CopyOnWriteArrayList<>();
    long refusedBefore = fillsRejected(two);
    try (Subscription s = books(clientTwo).watch(heard::add)) {
      String got =
          books(clientTwo)
              .get(
                  "isbn:2",
                  () -> {
                    String stale = database.get("isbn:2"); // read before the update...
                    update(clientOne, "isbn:2", "new"); // ...which lands before the fill
                    await()
                        .atMost(PROPAGATION)
                        .until(() -> heard.stream().anyMatch(c -> c.keys().contains("isbn:2")));
                    return stale;
                  });
      assertThat(got).as("the caller's own read").isEqualTo("old");
    }
    assertThat(fillsRejected(two)).as("sidecar 2 refused the fill").isEqualTo(refusedBefore + 1);
    assertThat(books(clientTwo).peekL0("isbn:2")).isEmpty();
    assertThat(read(clientTwo, "isbn:2")).isEqualTo("new");
  }

  @Test
  @Order(3)
  @DisplayName("a write by another client of the same sidecar drops this client's L0 copy")
  void sameSidecarWriteDropsL0() {
    database.put("isbn:4", "v1");
    assertThat(read(clientTwo, "isbn:4")).isEqualTo("v1");
    assertThat(books(clientTwo).peekL0("isbn:4")).contains("v1");
    try (CacheSyncClient neighbour = ClientSidecars.clientOf(two).build()) {
      update(neighbour, "isbn:4", "v2");
      await().atMost(PROPAGATION).until(() -> books(clientTwo).peekL0("isbn:4").isEmpty());
      assertThat(read(clientTwo, "isbn:4")).isEqualTo("v2");
      books(neighbour).evict("isbn:4");
      await().atMost(PROPAGATION).until(() -> books(clientTwo).peekL0("isbn:4").isEmpty());
      database.remove("isbn:4");
      assertThat(read(clientTwo, "isbn:4")).isNull();
    }
  }

  @Test
  @Order(4)
  @DisplayName(
      "a killed sidecar empties its client's L0 and tells listeners; restarted, L0 refills")
  void restartEmptiesL0() {
    database.put("isbn:3", "v");
    assertThat(read(clientTwo, "isbn:3")).isEqualTo("v");
    assertThat(clientTwo.l0Size()).isPositive();
    List<String> told = new CopyOnWriteArrayList<>();
    try (Subscription s =
        clientTwo.watch(
            "books",
            new WatchListener() {
              @Override
              public void onChange(CacheChange change) {}

              @Override
              public void onSubscribed() {
                told.add("subscribed");
              }

              @Override
              public void onStreamBroken(Throwable cause) {
                told.add("broken");
              }
            })) {
      two.kill();
      await().atMost(PROPAGATION).until(() -> !clientTwo.l0Live());
      assertThat(clientTwo.l0Size()).isZero();
      assertThat(books(clientTwo).peekL0("isbn:3")).isEmpty();
      await().atMost(PROPAGATION).until(() -> told.contains("broken"));

      two.restart();
      two.awaitServing();
      await().atMost(Duration.ofSeconds(30)).until(clientTwo::l0Live);
      await().atMost(PROPAGATION).until(() -> told.contains("subscribed"));
      assertThat(read(clientTwo, "isbn:3")).isEqualTo("v");
      assertThat(books(clientTwo).peekL0("isbn:3")).as("refilled").contains("v");
    }
  }

  static long fillsRejected(LaunchedSidecar s) {
    return CacheServiceGrpc.newBlockingStub(s.channel())
        .stats(StatsRequest.newBuilder().setCache("books").build())
        .getFillsRejected();
  }
}
