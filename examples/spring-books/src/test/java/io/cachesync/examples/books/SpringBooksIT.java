package io.cachesync.examples.books;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.client.CacheChange;
import io.cachesync.client.CacheSyncClient;
import io.cachesync.client.WatchListener;
import io.cachesync.testsupport.FreePort;
import io.cachesync.testsupport.RedisServer;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import io.cachesync.testsupport.sidecar.SidecarJar;
import io.cachesync.testsupport.sidecar.SidecarLauncher;
import io.cachesync.testsupport.sidecar.SidecarSpec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Four instances of the book service ({@code java -jar spring-books.jar}), each with its own
 * sidecar process, on one Redis and one H2 database served over TCP: the four app servers of the
 * hand-written Pub/Sub version, with none of its code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpringBooksIT {
  static final Duration PROPAGATION = Duration.ofSeconds(2);
  static final String CHANNEL = "cachesync.books.it";
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  static RedisServer redis;
  static Server h2;
  static String jdbcUrl;
  static final SidecarLauncher sidecars = new SidecarLauncher();
  static final List<BookInstance> apps = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path jar = Path.of(System.getProperty("books.jar", "target/spring-books.jar"));
    Path dir = Files.createTempDirectory("spring-books-it-");
    redis = RedisServer.start();
    h2 =
        Server.createTcpServer("-tcpPort", String.valueOf(FreePort.pick()), "-ifNotExists").start();
    jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:books;DB_CLOSE_DELAY=-1";
    // all eight processes at once (each app connects to its sidecar lazily, on its first call),
    // under one deadline: on this shared 2-core machine they answered after ~50 s
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (int i = 1; i <= 4; i++) {
      LaunchedSidecar s =
          sidecars.spawn(
              SidecarSpec.jar(SidecarJar.locate(), "books-pod-" + i, dir)
                  .jvmOptions(List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                  .config(port -> sidecarYaml(port))
                  .build());
      apps.add(BookInstance.spawn(jar, "app-" + i, dir, "127.0.0.1:" + s.port(), jdbcUrl));
    }
    for (LaunchedSidecar s : sidecars.all()) s.awaitServing();
    for (BookInstance app : apps) {
      try {
        await("app " + app.name + " answers")
            .atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
            .pollInterval(Duration.ofMillis(200))
            .failFast(() -> !app.alive())
            .until(() -> answers(app));
      } catch (org.awaitility.core.ConditionTimeoutException
          | org.awaitility.core.TerminalFailureException e) {
        throw new AssertionError(
            app.name + " did not answer (" + e.getMessage() + "); its log:\n" + app.logTail(), e);
      }
    }
  }

  static String sidecarYaml(int port) {
    return """
        redis: {url: %s}
        grpc: {port: %d}
        metrics: {port: 0}
        sync: {channel: %s}
        caches:
          - {name: books, strategy: LookAside, maximumSize: 10000, ttl: 10m}
        """
        .formatted(redis.uri(), port, CHANNEL);
  }

  static boolean answers(BookInstance app) {
    try {
      return app.get("9780131103627").statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  @AfterAll
  static void stop() {
    apps.forEach(BookInstance::terminate); // all at once, then each awaited
    apps.forEach(BookInstance::close);
    sidecars.close();
    if (h2 != null) h2.stop();
    if (redis != null) redis.close();
  }

  static BookInstance app(int n) {
    return apps.get(n - 1);
  }

  static String price(BookInstance app, String isbn) throws Exception {
    HttpResponse<String> r = app.get(isbn);
    assertThat(r.statusCode()).as("%s GET %s: %s", app.name, isbn, r.body()).isEqualTo(200);
    return r.body().replaceAll(".*\"price\":([0-9.]+).*", "$1");
  }

  /** Changes the row behind every cache's back, as no instance would. */
  static void setPriceInDatabase(String isbn, String price) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "");
        var st = c.prepareStatement("UPDATE books SET price = ? WHERE isbn = ?")) {
      st.setBigDecimal(1, new java.math.BigDecimal(price));
      st.setString(2, isbn);
      assertThat(st.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  @Order(1)
  @DisplayName("the catalogue is seeded once by four instances starting together on one database")
  void seededOnce() throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "");
        var rs =
            c.createStatement().executeQuery("SELECT COUNT(*), COUNT(DISTINCT isbn) FROM books")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(CatalogueSeed.BOOKS.size()).isEqualTo(rs.getInt(2));
    }
    HttpResponse<String> r = app(3).get("9780131103627");
    assertThat(r.body())
        .contains("\"isbn\":\"9780131103627\"")
        .contains("\"title\":")
        .contains("\"price\":");
    assertThat(app(1).get("0000000000000").statusCode()).isEqualTo(404);
    HttpResponse<String> bad = app(1).putPrice("9780131103627", "-1");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).as("the refusal says what to send").contains("{\\\"price\\\": 44.0}");
  }

  @Test
  @Order(2)
  @DisplayName(
      "an update through instance 2 is seen fresh on instances 1, 3 and 4, which cached it")
  void updateSeenEverywhere() throws Exception {
    String isbn = "9780131103627";
    for (BookInstance a : apps) price(a, isbn);
    // the caches serve: a change behind their back is not seen
    setPriceInDatabase(isbn, "1.00");
    for (BookInstance a : apps) assertThat(price(a, isbn)).as(a.name).isNotEqualTo("1.00");

    HttpResponse<String> put = app(2).putPrice(isbn, "44.0");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    for (int n : new int[] {1, 3, 4}) {
      await(app(n).name + " serves the new price")
          .atMost(PROPAGATION)
          .pollInterval(Duration.ofMillis(20))
          .untilAsserted(() -> assertThat(price(app(n), isbn)).isEqualTo("44.00"));
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "a stale fill racing an update is refused: instance 1 read 35.50, instance 2 wrote 11.11"
          + " before instance 1's fill, and instance 1 then serves 11.11")
  void staleFillRefused() throws Exception {
    String isbn = "9780596007126"; // read by no instance before: a miss on instance 1
    BookInstance reader = app(1);
    CountDownLatch subscribed = new CountDownLatch(1);
    CountDownLatch invalidated = new CountDownLatch(1);
    try (CacheSyncClient observer =
            CacheSyncClient.builder().target("127.0.0.1:" + sidecars.all().get(0).port()).build();
        var watch =
            observer.watch(
                "books",
                new WatchListener() {
                  @Override
                  public void onChange(CacheChange change) {
                    if (change.keys().contains(isbn)) invalidated.countDown();
                  }

                  @Override
                  public void onSubscribed() {
                    subscribed.countDown();
                  }
                })) {
      assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
      Files.writeString(reader.gate.resolve(isbn + ".hold"), "");
      // 1: instance 1 misses (taking the fill token), reads the row (35.50), and is held there
      CompletableFuture<HttpResponse<String>> racing = reader.getAsync(isbn);
      await("instance 1 read the row")
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.exists(reader.gate.resolve(isbn + ".read")));
      // 2: the update, through instance 2, reaches instance 1's sidecar as an invalidation
      assertThat(app(2).putPrice(isbn, "11.11").statusCode()).isEqualTo(200);
      assertThat(invalidated.await(5, TimeUnit.SECONDS)).as("sidecar 1 heard the update").isTrue();
      // 3: instance 1 fills what it read; its token predates the invalidation
      Files.delete(reader.gate.resolve(isbn + ".hold"));
      Files.writeString(reader.gate.resolve(isbn + ".go"), "");
      HttpResponse<String> racingAnswer = racing.get(30, TimeUnit.SECONDS);
      assertThat(racingAnswer.body()).as("its read overlapped the update").contains("35.5");
    }
    // with get-then-put the old row would now be cached on instance 1 until the TTL
    assertThat(price(reader, isbn)).isEqualTo("11.11");
  }

  @Test
  @Order(4)
  @DisplayName("a Redis restart does not leave any instance serving the old price")
  void redisRestart() throws Exception {
    String isbn = "9780201633610";
    for (BookInstance a : apps) assertThat(price(a, isbn)).isEqualTo("49.99");
    redis.stop();
    try {
      // the update while Redis is down: the database changes, the invalidation waits in sidecar 2
      HttpResponse<String> put = app(2).putPrice(isbn, "45.00");
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    } finally {
      redis.restart();
    }
    for (BookInstance a : apps) {
      await(a.name + " serves the new price after the restart")
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(50))
          .untilAsserted(() -> assertThat(price(a, isbn)).isEqualTo("45.00"));
    }
  }
}
