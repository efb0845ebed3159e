package io.cachesync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cachesync.testsupport.FreePort;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's look-aside, codecs and addresses against one real sidecar on a real Redis. */
class LookAsideIT {
  @TempDir static Path dir;
  static ClientSidecars sidecars;
  static LaunchedSidecar sidecar;
  static Path socket;

  record Book(String isbn, String title, double price) {}

  @BeforeAll
  static void start() {
    sidecars = new ClientSidecars(dir);
    socket = dir.resolve("s.sock");
    sidecar =
        sidecars.spawn(
            sidecars.spec("lookaside").config(port -> sidecars.config(port, socket)).build());
    sidecar.awaitServing();
  }

  @AfterAll
  static void stop() {
    if (sidecars != null) sidecars.close();
  }

  @Test
  @DisplayName(
      "eight concurrent misses of one key load it once; all get the value; the fill serves the next reader")
  void oneLoadForConcurrentMisses() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (CacheSyncClient client = ClientSidecars.clientOf(sidecar).build();
        CacheSyncClient other = ClientSidecars.clientOf(sidecar).build()) {
      CacheView<String, String> books = client.cache("books", ValueCodec.utf8());
      List<Thread> threads = new ArrayList<>();
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  synchronized (threads) {
                    threads.add(Thread.currentThread());
                  }
                  return books.get(
                      "isbn:1",
                      () -> {
                        loads.incrementAndGet();
                        release.await();
                        return "from the database";
                      });
                }));
      }
      // the loader runs, and the seven others wait on its flight (parked, not loading)
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                synchronized (threads) {
                  return loads.get() == 1
                      && threads.size() == 8
                      && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
                }
              });
      release.countDown();
      for (Future<String> f : results)
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("from the database");
      assertThat(loads.get()).isEqualTo(1);
      assertThat(other.cache("books", ValueCodec.utf8()).get("isbn:1"))
          .as("filled on the sidecar")
          .contains("from the database");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "a loader's exception reaches the caller and nothing is cached: the next call loads again")
  void loaderFailureNotCached() {
    try (CacheSyncClient client = ClientSidecars.clientOf(sidecar).build()) {
      CacheView<String, String> books = client.cache("books", ValueCodec.utf8());
      assertThatThrownBy(
              () ->
                  books.get(
                      "isbn:2",
                      () -> {
                        throw new IllegalStateException("db down");
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("db down");
      assertThatThrownBy(
              () ->
                  books.get(
                      "isbn:2",
                      () -> {
                        throw new java.io.IOException("timeout");
                      }))
          .isInstanceOf(LoaderException.class)
          .hasCauseInstanceOf(java.io.IOException.class);
      assertThat(books.get("isbn:2")).isEmpty();
      assertThat(books.get("isbn:2", () -> "loaded")).isEqualTo("loaded");
    }
  }

  @Test
  @DisplayName(
      "JSON values round-trip through the sidecar: a write by one client, a read by another")
  void jsonRoundTrip() {
    try (CacheSyncClient writer = ClientSidecars.clientOf(sidecar).build();
        CacheSyncClient reader = ClientSidecars.clientOf(sidecar).build()) {
      Book book = new Book("9780131103627", "The C Programming Language", 44.0);
      writer.cache("books", ValueCodec.json(Book.class)).put(book.isbn(), book);
      assertThat(reader.cache("books", ValueCodec.json(Book.class)).get(book.isbn()))
          .contains(book);
    }
  }

  @Test
  @DisplayName("CACHESYNC_SOCKET is preferred: the client talks over the pod's Unix socket")
  void unixSocket() {
    assertThat(SidecarChannel.unixSocketsAvailable()).as("native epoll on this machine").isTrue();
    Map<String, String> env =
        Map.of("CACHESYNC_SOCKET", socket.toString(), "CACHESYNC_TARGET", "127.0.0.1:1");
    try (CacheSyncClient client = CacheSyncClient.builder().environment(env::get).build()) {
      assertThat(client.target()).startsWith("unix://").contains("CACHESYNC_SOCKET");
      CacheView<String, String> films = client.cache("films", ValueCodec.utf8());
      films.put("f:1", "Alien");
      assertThat(films.get("f:1")).contains("Alien");
    }
  }

  @Test
  @DisplayName(
      "an unknown cache and an address nobody serves fail with errors that say what to fix")
  void clearErrors() {
    try (CacheSyncClient client = ClientSidecars.clientOf(sidecar).build()) {
      assertThatThrownBy(() -> client.cache("nope", ValueCodec.utf8()).get("k"))
          .isInstanceOf(CacheSyncException.class)
          .hasMessageContaining("Get nope/k on the sidecar at 127.0.0.1:" + sidecar.port())
          .satisfies(
              e -> assertThat(((CacheSyncException) e).code()).isEqualTo(Status.Code.NOT_FOUND));
    }
    int nobody = FreePort.pick();
    try (CacheSyncClient client =
        CacheSyncClient.builder()
            .target("127.0.0.1:" + nobody)
            .readBackoff(Duration.ofMillis(1))
            .build()) {
      assertThatThrownBy(() -> client.cache("books", ValueCodec.utf8()).get("k"))
          .isInstanceOf(CacheSyncException.class)
          .hasMessageContaining("127.0.0.1:" + nobody)
          .hasMessageContaining("UNAVAILABLE")
          .hasMessageContaining("after 3 attempts")
          .hasMessageContaining("is the sidecar running");
    }
  }

  @ParameterizedTest(name = "reads on a session: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName(
      "a read started while the sidecar is down is retried until it is up, over a Session stream"
          + " or unary as asked; a write is tried once")
  void retriesAgainstARealSidecar(boolean session) throws Exception {
    String read = session ? "Session" : "Get";
    String other = session ? "Get" : "Session";
    int port = FreePort.pick();
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    io.grpc.ManagedChannel channel =
        io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .directExecutor()
            .intercept(
                new io.grpc.ClientInterceptor() {
                  @Override
                  public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(
                      io.grpc.MethodDescriptor<Q, R> method,
                      io.grpc.CallOptions options,
                      io.grpc.Channel next) {
                    calls
                        .computeIfAbsent(method.getBareMethodName(), m -> new AtomicInteger())
                        .incrementAndGet();
                    return next.newCall(method, options);
                  }
                })
            .build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (CacheSyncClient client =
        CacheSyncClient.builder()
            .channel(channel)
            .session(session)
            .readAttempts(400)
            .readBackoff(Duration.ofMillis(1))
            .build()) {
      CacheView<String, String> books = client.cache("books", ValueCodec.utf8());
      assertThatThrownBy(() -> books.put("k", "v")).isInstanceOf(CacheSyncException.class);
      assertThat(calls.get("Put").get()).as("a write is tried once").isEqualTo(1);

      Future<java.util.Optional<String>> miss = pool.submit(() -> books.get("k"));
      await().until(() -> calls.getOrDefault(read, new AtomicInteger()).get() > 1);
      String pod = "late-" + read.toLowerCase(java.util.Locale.ROOT);
      Path config = Files.writeString(dir.resolve(pod + ".yaml"), sidecars.config(port, null));
      LaunchedSidecar late = sidecars.spawn(sidecars.spec(pod).configFile(config, port).build());
      late.awaitServing();
      assertThat(miss.get(60, TimeUnit.SECONDS)).as("a miss, once the sidecar answered").isEmpty();
      assertThat(calls.get(read).get()).isGreaterThan(1);
      // the real sidecar answers on the session: the client never needed the other way
      assertThat(books.get("k")).isEmpty();
      assertThat(calls.get(other)).as(other + " calls").isNull();
      assertThat(client.readsOnSession()).isEqualTo(session);
    } finally {
      pool.shutdownNow();
      channel.shutdownNow();
    }
  }
}
