package io.cachesync.sidecar.loader;

import static io.cachesync.sidecar.loader.FakeCacheLoader.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cachesync.api.v1.LoadRequest;
import io.cachesync.api.v1.LoadResponse;
import io.cachesync.api.v1.StoreEntry;
import io.cachesync.api.v1.StoreRequest;
import io.cachesync.sidecar.config.LoaderConfig;
import io.grpc.Context;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoaderClientTest {
  static final Duration SHORT = Duration.ofMillis(200);

  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) closeAfter.get(i).close();
  }

  private FakeCacheLoader app() throws IOException {
    FakeCacheLoader app = FakeCacheLoader.start();
    closeAfter.add(app);
    return app;
  }

  private LoaderClient client(String target, Duration timeout, int maxConcurrency, int retries) {
    LoaderClient client =
        new LoaderClient(new LoaderConfig(target, timeout, maxConcurrency, retries));
    closeAfter.add(client);
    return client;
  }

  private LoaderClient client(FakeCacheLoader app) {
    return client(app.target(), Duration.ofSeconds(5), 4, 2);
  }

  static ByteString v(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static LoadResponse found(String value) {
    return LoadResponse.newBuilder().setFound(true).setValue(v(value)).build();
  }

  /** Waits for the future to fail and returns its {@link LoaderException}. */
  static LoaderException failureOf(CompletableFuture<?> future) {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    future.whenComplete((value, failure) -> seen.set(failure));
    await().atMost(Duration.ofSeconds(10)).until(future::isDone);
    assertThat(future).isCompletedExceptionally();
    assertThat(seen.get())
        .as("the LoaderException itself, not wrapped")
        .isInstanceOf(LoaderException.class);
    return (LoaderException) seen.get();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  @Test
  @DisplayName(
      "Load of a key the app has: found, its value, no ttl; the request names cache and key")
  void loadFound() throws Exception {
    FakeCacheLoader app = app().onLoad((request, o) -> answer(o, found("v-" + request.getKey())));

    LoadResult result = client(app).load("books", "42").get();

    assertThat(result).isEqualTo(new LoadResult(true, v("v-42"), 0));
    assertThat(app.loadRequests())
        .containsExactly(LoadRequest.newBuilder().setCache("books").setKey("42").build());
  }

  @Test
  @DisplayName("Load of a key the app does not have: not found, empty value")
  void loadNotFound() throws Exception {
    FakeCacheLoader app =
        app().onLoad((request, o) -> answer(o, LoadResponse.newBuilder().setFound(false).build()));

    LoadResult result = client(app).load("books", "missing").get();

    assertThat(result.found()).isFalse();
    assertThat(result.value()).isEqualTo(ByteString.EMPTY);
    assertThat(result.ttlNanos()).isZero();
  }

  @Test
  @DisplayName("Load with a ttl from the app: the ttl arrives in nanoseconds")
  void loadWithTtl() throws Exception {
    FakeCacheLoader app =
        app()
            .onLoad(
                (request, o) ->
                    answer(
                        o,
                        found("x").toBuilder()
                            .setTtl(
                                com.google.protobuf.Duration.newBuilder()
                                    .setSeconds(30)
                                    .setNanos(5))
                            .build()));

    LoadResult result = client(app).load("books", "k").get();

    assertThat(result.found()).isTrue();
    assertThat(result.ttlNanos()).isEqualTo(30_000_000_005L);
  }

  @Test
  @DisplayName("Store passes the cache and every entry, deletes included, to the app")
  void storePassesEntries() throws Exception {
    FakeCacheLoader app = app();
    List<StoreEntry> entries =
        List.of(
            StoreEntry.newBuilder().setKey("a").setValue(v("1")).build(),
            StoreEntry.newBuilder().setKey("b").setDelete(true).build());

    client(app).store("books", entries).get();

    assertThat(app.storeRequests())
        .containsExactly(
            StoreRequest.newBuilder().setCache("books").addAllEntries(entries).build());
  }

  @Test
  @DisplayName("an error status from the app keeps its code and quotes the app's text")
  void appErrorStatus() throws Exception {
    FakeCacheLoader app =
        app()
            .onLoad(
                (request, o) ->
                    o.onError(
                        Status.FAILED_PRECONDITION
                            .withDescription("row 42 is locked")
                            .asRuntimeException()))
            .onStore(
                (request, o) ->
                    o.onError(Status.INTERNAL.withDescription("db down").asRuntimeException()));
    LoaderClient client = client(app);

    LoaderException load = failureOf(client.load("books", "42"));
    assertThat(load.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(load)
        .hasMessage(
            "the application's CacheLoader.Load at "
                + app.target()
                + " failed: FAILED_PRECONDITION: row 42 is locked");
    assertThat(load.status().getDescription()).isEqualTo(load.getMessage());
    assertThat(app.loads()).as("not retried: not a transient code").isEqualTo(1);

    LoaderException store =
        failureOf(client.store("books", List.of(StoreEntry.newBuilder().setKey("a").build())));
    assertThat(store.status().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(store)
        .hasMessage(
            "the application's CacheLoader.Store at "
                + app.target()
                + " failed: INTERNAL: db down");
  }

  @Test
  @DisplayName("nothing listening on loader.target: UNAVAILABLE, naming the target and the fix")
  void nothingListening() throws Exception {
    String target = "127.0.0.1:" + freePort();

    LoaderException e = failureOf(client(target, SHORT, 4, 0).load("books", "k"));

    assertThat(e.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e)
        .hasMessage(
            "the application's CacheLoader at "
                + target
                + " is unavailable (connection refused): start it or fix loader.target");
  }

  @Test
  @DisplayName("an app that does not answer Load: UNAVAILABLE naming loader.timeout, in time")
  void loadTimeout() throws Exception {
    List<StreamObserver<?>> neverAnswered = new CopyOnWriteArrayList<>();
    FakeCacheLoader app = app().onLoad((request, o) -> neverAnswered.add(o));

    long start = System.nanoTime();
    LoaderException e = failureOf(client(app.target(), SHORT, 4, 0).load("books", "k"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e)
        .hasMessage(
            "the application's CacheLoader at "
                + app.target()
                + " did not answer Load within 200ms (loader.timeout)");
    assertThat(took).isGreaterThanOrEqualTo(SHORT).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("an app that does not answer Store: UNAVAILABLE, and the Store may have happened")
  void storeTimeout() throws Exception {
    FakeCacheLoader app = app().onStore((request, o) -> {});

    LoaderException e =
        failureOf(
            client(app.target(), SHORT, 4, 2)
                .store("books", List.of(StoreEntry.newBuilder().setKey("a").build())));

    assertThat(e.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e)
        .hasMessage(
            "the application's CacheLoader at "
                + app.target()
                + " did not answer Store within 200ms (loader.timeout); the Store may or may not"
                + " have been applied");
    // Not retried. (At most one: on a busy machine the deadline can pass before the app sees it.)
    assertThat(app.stores()).isLessThanOrEqualTo(1);
  }

  @Test
  @DisplayName("Load is retried after a transient UNAVAILABLE; Store is not")
  void loadRetriedStoreNot() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    FakeCacheLoader app =
        app()
            .onLoad(
                (request, o) -> {
                  if (seen.incrementAndGet() == 1) {
                    o.onError(
                        Status.UNAVAILABLE.withDescription("warming up").asRuntimeException());
                  } else {
                    answer(o, found("x"));
                  }
                })
            .onStore(
                (request, o) ->
                    o.onError(
                        Status.UNAVAILABLE.withDescription("warming up").asRuntimeException()));
    LoaderClient client = client(app.target(), Duration.ofSeconds(5), 4, 2);

    assertThat(client.load("books", "k").get().value()).isEqualTo(v("x"));
    assertThat(app.loads()).isEqualTo(2);

    LoaderException e =
        failureOf(client.store("books", List.of(StoreEntry.newBuilder().setKey("a").build())));
    assertThat(e.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e).hasMessageEndingWith("failed: UNAVAILABLE: warming up");
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> app.stores() == 1);
  }

  @Test
  @DisplayName("Load gives up after loader.retries and says how many attempts it made")
  void loadRetriesExhausted() throws Exception {
    FakeCacheLoader app =
        app()
            .onLoad(
                (request, o) ->
                    o.onError(
                        Status.UNAVAILABLE.withDescription("warming up").asRuntimeException()));

    LoaderException e =
        failureOf(client(app.target(), Duration.ofSeconds(5), 4, 2).load("books", "k"));

    assertThat(app.loads()).isEqualTo(3);
    assertThat(e)
        .hasMessage(
            "the application's CacheLoader.Load at "
                + app.target()
                + " failed after 3 attempts: UNAVAILABLE: warming up");
  }

  @Test
  @DisplayName("maxConcurrency=2: never more than 2 calls at the app; the others queue, then run")
  void concurrencyLimit() throws Exception {
    AtomicInteger atApp = new AtomicInteger();
    AtomicInteger mostAtApp = new AtomicInteger();
    Map<StreamObserver<LoadResponse>, LoadRequest> held = new ConcurrentHashMap<>();
    Object lock = new Object();
    boolean[] released = {false};
    FakeCacheLoader app =
        app()
            .onLoad(
                (request, o) -> {
                  mostAtApp.accumulateAndGet(atApp.incrementAndGet(), Math::max);
                  synchronized (lock) {
                    if (!released[0]) {
                      held.put(o, request);
                      return;
                    }
                  }
                  atApp.decrementAndGet();
                  answer(o, found("v-" + request.getKey()));
                });
    LoaderClient client = client(app.target(), Duration.ofSeconds(10), 2, 0);

    List<CompletableFuture<LoadResult>> loads =
        IntStream.range(0, 10).mapToObj(i -> client.load("books", "k" + i)).toList();

    await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 2);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> atApp.get() == 2 && app.loads() == 2);
    assertThat(loads).noneMatch(CompletableFuture::isDone);

    synchronized (lock) {
      released[0] = true;
    }
    held.forEach(
        (o, request) -> {
          atApp.decrementAndGet();
          answer(o, found("v-" + request.getKey()));
        });

    CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 10; i++) assertThat(loads.get(i).join().value()).isEqualTo(v("v-k" + i));
    assertThat(app.loads()).isEqualTo(10);
    assertThat(mostAtApp.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("an app that does not serve CacheLoader: UNIMPLEMENTED, saying so")
  void notImplemented() throws Exception {
    Server other =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
    closeAfter.add(() -> other.shutdownNow().awaitTermination());
    String target = "127.0.0.1:" + other.getPort();

    LoaderException e = failureOf(client(target, Duration.ofSeconds(5), 4, 2).load("books", "k"));

    assertThat(e.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(e)
        .hasMessageStartingWith(
            "the application at " + target + " does not implement cachesync.v1.CacheLoader/Load")
        .hasMessageEndingWith("implement the CacheLoader service there or fix loader.target");
  }

  @Test
  @DisplayName("after close: calls fail with UNAVAILABLE saying the sidecar is shutting down")
  void afterClose() throws Exception {
    LoaderClient client = client(app());
    client.close();

    LoaderException e = failureOf(client.load("books", "k"));

    assertThat(e.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e).hasMessageStartingWith("the sidecar is shutting down");
  }

  /** An app that holds every Load until the test answers it. */
  static FakeCacheLoader holding(
      FakeCacheLoader app, Map<String, StreamObserver<LoadResponse>> held) {
    return app.onLoad((request, o) -> held.put(request.getKey(), o));
  }

  @Test
  @DisplayName(
      "past maxConcurrency in flight and maxQueued waiting, a Load fails at once with RESOURCE_EXHAUSTED saying the CacheLoader is saturated")
  void saturated() throws Exception {
    Map<String, StreamObserver<LoadResponse>> held = new ConcurrentHashMap<>();
    FakeCacheLoader app = holding(app(), held);
    LoaderClient client =
        new LoaderClient(new LoaderConfig(app.target(), Duration.ofSeconds(10), 1, 0, 2));
    closeAfter.add(client);

    CompletableFuture<LoadResult> first = client.load("books", "k0");
    await().atMost(Duration.ofSeconds(5)).until(() -> held.containsKey("k0"));
    CompletableFuture<LoadResult> second = client.load("books", "k1");
    CompletableFuture<LoadResult> third = client.load("books", "k2");
    CompletableFuture<LoadResult> refused = client.load("books", "k3");

    LoaderException e = failureOf(refused);
    assertThat(e.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(e.getMessage())
        .contains("CacheLoader at " + app.target() + " is saturated")
        .contains("1 calls in flight (loader.maxConcurrency) and 2 waiting (loader.maxQueued)");
    assertThat(second).isNotDone();

    answer(held.get("k0"), found("v0"));
    await().atMost(Duration.ofSeconds(5)).until(() -> held.containsKey("k1"));
    answer(held.get("k1"), found("v1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> held.containsKey("k2"));
    answer(held.get("k2"), found("v2"));
    assertThat(first.get(5, TimeUnit.SECONDS).value()).isEqualTo(v("v0"));
    assertThat(third.get(5, TimeUnit.SECONDS).value()).isEqualTo(v("v2"));
    assertThat(app.loads()).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "a queued Load whose gRPC caller gave up is never sent: it fails CANCELLED and the next one goes")
  void callerGaveUp() throws Exception {
    Map<String, StreamObserver<LoadResponse>> held = new ConcurrentHashMap<>();
    FakeCacheLoader app = holding(app(), held);
    LoaderClient client = client(app.target(), Duration.ofSeconds(10), 1, 2);

    CompletableFuture<LoadResult> first = client.load("books", "k0");
    await().atMost(Duration.ofSeconds(5)).until(() -> held.containsKey("k0"));
    Context.CancellableContext call = Context.current().withCancellation();
    CompletableFuture<LoadResult> gone = call.call(() -> client.load("books", "gone"));
    CompletableFuture<LoadResult> after = client.load("books", "k2");
    call.cancel(null); // the caller's deadline passed, or it cancelled

    answer(held.get("k0"), found("v0"));
    await().atMost(Duration.ofSeconds(5)).until(() -> held.containsKey("k2"));
    answer(held.get("k2"), found("v2"));
    assertThat(after.get(5, TimeUnit.SECONDS).value()).isEqualTo(v("v2"));
    LoaderException e = failureOf(gone);
    assertThat(e.status().getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(e.getMessage()).contains("the caller gave up").contains("it was not sent");
    assertThat(held).doesNotContainKey("gone");
    assertThat(app.loads()).isEqualTo(2);
    assertThat(first).isCompleted();
  }

  @Test
  @DisplayName("a Load retry is not sent once the caller gave up")
  void noRetryForGoneCaller() throws Exception {
    Context.CancellableContext call = Context.current().withCancellation();
    Map<String, StreamObserver<LoadResponse>> held = new ConcurrentHashMap<>();
    AtomicInteger attemptsOfK = new AtomicInteger();
    FakeCacheLoader app =
        app()
            .onLoad(
                (request, o) -> {
                  if (request.getKey().equals("hold")) {
                    held.put("hold", o);
                    return;
                  }
                  attemptsOfK.incrementAndGet();
                  call.cancel(null); // the caller gives up while the first attempt fails
                  o.onError(Status.UNAVAILABLE.withDescription("warming up").asRuntimeException());
                });
    LoaderClient client = client(app.target(), Duration.ofSeconds(5), 1, 2);
    client.load("books", "hold");
    await().atMost(Duration.ofSeconds(5)).until(() -> held.containsKey("hold"));
    // queued behind "hold": it starts on the thread that frees the permit, outside the caller's
    // context, so only the sidecar's own check can stop its retry
    CompletableFuture<LoadResult> load = call.call(() -> client.load("books", "k"));
    answer(held.get("hold"), found("h"));

    LoaderException e = failureOf(load);
    assertThat(e.status().getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(e.getMessage()).contains("the caller gave up");
    assertThat(attemptsOfK.get()).isEqualTo(1);
  }
}
