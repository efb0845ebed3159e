package io.cachesync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The private temp directory of one test server: its working directory and its stdout/stderr log.
 * When a server fails to start, the last lines of this log (Redis prints its complaint there) go
 * into the exception message, so a failing build explains itself.
 */
final class ServerLog {

  private final Path dir;
  private final Path file;

  private ServerLog(Path dir) {
    this.dir = dir;
    this.file = dir.resolve("redis-server.log");
  }

  static ServerLog create() {
    try {
      return new ServerLog(Files.createTempDirectory("cachesync-redis-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir for redis-server", e);
    }
  }

  Path dir() {
    return dir;
  }

  Path file() {
    return file;
  }

  /** Appends text (used for container output, which does not go through a process redirect). */
  synchronized void append(String text) {
    try {
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // losing a log line must never break a test server
    }
  }

  /** The last {@code n} lines of the log, or a note that it is empty or unreadable. */
  String tail(int n) {
    try {
      if (!Files.exists(file)) {
        return "(no output)";
      }
      // decode leniently: a half-written multi-byte character must not hide the whole log
      List<String> lines =
          new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      List<String> last = lines.subList(Math.max(0, lines.size() - n), lines.size());
      return last.isEmpty() ? "(no output)" : String.join(System.lineSeparator(), last);
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  /** Best-effort removal of the directory. */
  void delete() {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a leftover temp dir is harmless
    }
  }
}
