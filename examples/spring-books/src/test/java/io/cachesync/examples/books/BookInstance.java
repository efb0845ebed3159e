package io.cachesync.examples.books;

import io.cachesync.testsupport.FreePort;
import io.cachesync.testsupport.ProcessReaper;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code java -jar spring-books.jar} process, as outside tools run it ({@code --server.port},
 * {@code --cachesync.target}, {@code --spring.datasource.url}), and its HTTP API.
 */
final class BookInstance implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  final int port;
  final Path gate;
  final Path log;
  private final Process process;
  private final Runnable reap;

  private BookInstance(String name, int port, Path gate, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.gate = gate;
    this.log = log;
    this.process = process;
    this.reap = process::destroyForcibly;
    ProcessReaper.register(reap);
  }

  static BookInstance spawn(Path jar, String name, Path dir, String sidecar, String jdbcUrl)
      throws IOException {
    int port = FreePort.pick();
    Path gate = Files.createDirectories(dir.resolve(name + "-gate"));
    Path log = dir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx192m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port,
                    "--cachesync.target=" + sidecar,
                    "--spring.datasource.url=" + jdbcUrl,
                    "--books.read-gate=" + gate))
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(log.toFile()))
            .start();
    return new BookInstance(name, port, gate, log, p);
  }

  boolean alive() {
    return process.isAlive();
  }

  HttpResponse<String> get(String isbn) throws IOException, InterruptedException {
    return HTTP.send(request(isbn).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> getAsync(String isbn) {
    return HTTP.sendAsync(request(isbn).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> putPrice(String isbn, String price)
      throws IOException, InterruptedException {
    return HTTP.send(
        request(isbn)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"price\": " + price + "}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String isbn) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/books/" + isbn))
        .timeout(Duration.ofSeconds(40));
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, without waiting: {@link #close()} waits, so several stop in parallel. */
  void terminate() {
    process.destroy();
  }

  @Override
  public void close() {
    terminate();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    ProcessReaper.unregister(reap);
  }
}
