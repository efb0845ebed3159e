package io.cachesync.examples.books;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A test hook, off unless {@code --books.read-gate=<dir>} is given: after reading the row of an
 * ISBN that has a {@code <dir>/<isbn>.hold} file, writes {@code <isbn>.read} and waits (at most 30
 * s) for {@code <isbn>.go}. The 4-instance IT uses it to hold a reader between its database read
 * and its cache fill while another instance updates the price: the race a fill token must win.
 */
@Component
public class ReadGate {
  private static final Duration LONGEST = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(10);

  private final Path dir;

  public ReadGate(@Value("${books.read-gate:}") String dir) {
    this.dir = dir.isBlank() ? null : Path.of(dir);
  }

  void afterRead(String isbn) {
    if (dir == null || !Files.exists(dir.resolve(isbn + ".hold"))) return;
    try {
      Files.writeString(dir.resolve(isbn + ".read"), "read");
      long deadline = System.nanoTime() + LONGEST.toNanos();
      while (!Files.exists(dir.resolve(isbn + ".go")) && System.nanoTime() < deadline) {
        Thread.sleep(POLL.toMillis()); // a file to poll, from another process: no event to wait on
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
